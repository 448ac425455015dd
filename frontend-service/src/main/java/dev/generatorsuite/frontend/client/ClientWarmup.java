package dev.generatorsuite.frontend.client;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Asks every downstream service for its status once at startup, without waiting for the answers.
 * The first call of a REST client creates it and loads its classes, which can take longer than a
 * status probe's bound on a busy machine; done here, the first page a person sees does not show a
 * healthy service as DOWN.
 */
@ApplicationScoped
class ClientWarmup {

  private static final Logger LOG = Logger.getLogger(ClientWarmup.class);

  void onStart(
      @Observes StartupEvent event,
      IntClient intClient,
      FloatClient floatClient,
      CombinerClient combinerClient) {
    Uni.join()
        .all(intClient.status(), floatClient.status(), combinerClient.status())
        .andCollectFailures()
        .subscribe()
        .with(
            statuses ->
                statuses.forEach(
                    s ->
                        LOG.infof(
                            "%s is %s%s",
                            s.service(),
                            s.up() ? "UP" : "DOWN",
                            s.up() ? "" : " (" + s.reason() + ")")),
            failure -> LOG.debug("Warm-up failed", failure));
  }
}

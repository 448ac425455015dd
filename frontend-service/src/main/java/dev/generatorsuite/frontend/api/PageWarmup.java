package dev.generatorsuite.frontend.api;

import dev.generatorsuite.frontend.client.FloatClient;
import dev.generatorsuite.frontend.client.IntClient;
import dev.generatorsuite.frontend.config.FrontendConfig;
import dev.generatorsuite.frontend.domain.Dashboard;
import dev.generatorsuite.frontend.domain.DashboardService;
import dev.generatorsuite.frontend.domain.JobsService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Makes every downstream call the page and Generate make once, before the service listens (start-up
 * observers run before the HTTP server opens its port): the history, the stats, every service's
 * status, the jobs overview, and an integer and a float (nothing is stored). The first call of each
 * REST client creates it and loads its classes; on a busy machine that took longer than the calls'
 * bounds, and a new task answered its first pages 503. Waits at most {@code
 * frontend.warmup-timeout}; services that are down only shorten it.
 */
@ApplicationScoped
class PageWarmup {

  private static final Logger LOG = Logger.getLogger(PageWarmup.class);

  private final DashboardService dashboard;
  private final JobsService jobs;
  private final IntClient intClient;
  private final FloatClient floatClient;

  PageWarmup(
      DashboardService dashboard, JobsService jobs, IntClient intClient, FloatClient floatClient) {
    this.dashboard = dashboard;
    this.jobs = jobs;
    this.intClient = intClient;
    this.floatClient = floatClient;
  }

  void onStart(@Observes StartupEvent event, FrontendConfig config) {
    if (!config.warmupTimeout().isZero()) {
      warm(config.warmupTimeout());
    }
  }

  /**
   * Makes the calls and waits for them, at most {@code timeout}.
   *
   * @return the dashboard they loaded, empty when they did not all answer in time
   */
  Optional<Dashboard> warm(Duration timeout) {
    long start = System.nanoTime();
    try {
      Dashboard loaded =
          Uni.combine()
              .all()
              .unis(
                  dashboard.load(0, null),
                  jobs.overview(),
                  intClient.nextValue().onFailure().recoverWithNull(),
                  floatClient.nextValue().onFailure().recoverWithNull())
              .asTuple()
              .await()
              .atMost(timeout)
              .getItem1();
      LOG.infof(
          "Page warmed up in %d ms: %s",
          millisSince(start),
          loaded.services().stream()
              .map(s -> s.service() + (s.up() ? " UP" : " DOWN (" + s.reason() + ")"))
              .collect(Collectors.joining(", ")));
      return Optional.of(loaded);
    } catch (RuntimeException e) {
      LOG.warnf("Page warm-up ended after %d ms without every answer: %s", millisSince(start), e);
      return Optional.empty();
    }
  }

  private static long millisSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }
}

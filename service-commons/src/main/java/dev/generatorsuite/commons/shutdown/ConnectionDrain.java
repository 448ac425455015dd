package dev.generatorsuite.commons.shutdown;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Drains kept-alive connections while the service shuts down. Once Quarkus's shutdown delay begins
 * (readiness DOWN, requests still served), every answer says {@code Connection: close}, so a client
 * that keeps connections open (nginx, the frontend's REST clients) stops sending on them and opens
 * new ones instead. When the service then stops listening, a new connection is refused and the
 * client may safely try another task; a request sent on a kept connection that the service closes
 * could not be sent again, since the client cannot know whether it was handled.
 */
@Singleton
public class ConnectionDrain {

  private static final Logger LOG = Logger.getLogger(ConnectionDrain.class);

  private volatile boolean draining;

  void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
    draining = true;
    LOG.info("Shutting down: every answer closes its connection from now on");
  }

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::handle);
  }

  void handle(RoutingContext rc) {
    if (draining) {
      rc.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    rc.next();
  }
}

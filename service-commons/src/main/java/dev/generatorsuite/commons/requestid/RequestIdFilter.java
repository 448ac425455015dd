package dev.generatorsuite.commons.requestid;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.jboss.logmanager.MDC;

/**
 * In front of every HTTP route (REST, health, metrics, static files): takes the caller's {@value
 * RequestIds#HEADER} or makes one, puts it in the MDC for the whole request, answers it in the
 * response header, and logs an access line when the response ends ({@link AccessLogPolicy}).
 */
@Singleton
class RequestIdFilter {

  /** Runs before the other filters, so their log lines carry the id too. */
  static final int PRIORITY = 10_000;

  private static final Logger ACCESS_LOG = Logger.getLogger("dev.generatorsuite.access");

  private final AccessLogPolicy accessLog;

  RequestIdFilter(AccessLogConfig config) {
    this.accessLog = AccessLogPolicy.of(config);
  }

  void register(@Observes Filters filters) {
    filters.register(this::handle, PRIORITY);
  }

  private void handle(RoutingContext rc) {
    long start = System.nanoTime();
    HttpServerRequest request = rc.request();
    String id = RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
    MDC.put(RequestIds.MDC_KEY, id);
    rc.response().putHeader(RequestIds.HEADER, id);
    boolean covered = accessLog.covers(request.path());
    rc.addEndHandler(
        ended -> {
          try {
            if (covered) {
              logAccess(rc, id, System.nanoTime() - start, ended.succeeded());
            }
          } finally {
            MDC.remove(RequestIds.MDC_KEY);
          }
        });
    rc.next();
  }

  private void logAccess(RoutingContext rc, String id, long elapsedNanos, boolean completed) {
    int status = rc.response().getStatusCode();
    if (accessLog.logs(status, elapsedNanos, completed)) {
      // Set again: the end handler may run where the request's MDC is not visible.
      MDC.put(RequestIds.MDC_KEY, id);
      ACCESS_LOG.infof(
          "%s %s %d %d ms%s",
          rc.request().method().name(),
          rc.request().path(),
          status,
          elapsedNanos / 1_000_000,
          completed ? "" : " (connection closed before the end)");
    }
  }
}

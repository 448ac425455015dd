package dev.generatorsuite.commons.requestid;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logmanager.MDC;

/**
 * In front of every HTTP route (REST, health, metrics, static files): takes the caller's {@value
 * RequestIds#HEADER} or makes one, puts it in the MDC for the whole request, answers it in the
 * response header, and logs one access line when the response ends.
 */
@Singleton
class RequestIdFilter {

  /** Runs before the other filters, so their log lines carry the id too. */
  static final int PRIORITY = 10_000;

  private static final Logger ACCESS_LOG = Logger.getLogger("dev.generatorsuite.access");

  private final boolean accessLogEnabled;
  private final List<String> excludedPaths;

  RequestIdFilter(AccessLogConfig config) {
    this.accessLogEnabled = config.enabled();
    this.excludedPaths = List.copyOf(config.excludedPaths());
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
    boolean logged = accessLogEnabled && !excluded(request.path());
    rc.addEndHandler(
        ended -> {
          // Set again: the end handler may run where the request's MDC is not visible.
          MDC.put(RequestIds.MDC_KEY, id);
          try {
            if (logged) {
              ACCESS_LOG.infof(
                  "%s %s %d %d ms%s",
                  request.method().name(),
                  request.path(),
                  rc.response().getStatusCode(),
                  (System.nanoTime() - start) / 1_000_000,
                  ended.succeeded() ? "" : " (connection closed before the end)");
            }
          } finally {
            MDC.remove(RequestIds.MDC_KEY);
          }
        });
    rc.next();
  }

  private boolean excluded(String path) {
    for (String prefix : excludedPaths) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}

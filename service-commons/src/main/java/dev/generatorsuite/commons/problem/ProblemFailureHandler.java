package dev.generatorsuite.commons.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Problem documents for the errors that never reach {@link ProblemExceptionMappers}: the HTTP layer
 * fails a request before REST sees it (a query string with bad percent-encoding, for one, answered
 * 400 with an empty body). Runs before Quarkus's own error handler, which answers HTML or plain
 * JSON.
 */
@Singleton
class ProblemFailureHandler {

  private static final Logger LOG = Logger.getLogger(ProblemFailureHandler.class);

  private final ObjectMapper json;

  ProblemFailureHandler(ObjectMapper json) {
    this.json = json;
  }

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
  }

  void handle(RoutingContext rc) {
    HttpServerResponse response = rc.response();
    if (response.headWritten() || response.ended() || response.closed()) {
      rc.next();
      return;
    }
    Problem problem = problemFor(rc.statusCode(), rc.failure());
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      rc.next();
      return;
    }
    response
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(body);
  }

  static Problem problemFor(int status, Throwable failure) {
    if (status >= 400 && status < 500) {
      String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
      return Problem.of(
          status,
          "http-" + status,
          reason,
          "The request could not be processed: " + reason.toLowerCase(Locale.ROOT));
    }
    String reference = UUID.randomUUID().toString();
    LOG.errorf(failure, "Unexpected error (HTTP %d), reference %s", status, reference);
    return Problem.of(
        500,
        "internal",
        "Internal Server Error",
        "An unexpected error occurred (reference " + reference + ")");
  }
}

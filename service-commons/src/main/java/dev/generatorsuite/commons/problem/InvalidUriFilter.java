package dev.generatorsuite.commons.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Answers a request whose URI is not a valid URI (bad percent-encoding such as {@code ?min=%zz},
 * characters that must be escaped) with a 400 problem. Quarkus makes the same check before any
 * route, but answers an empty 400; the services run with {@code -Dvertx.disableURIValidation=true}
 * (docker/jvm/entrypoint.sh, the test configuration in the root pom) so that this filter answers
 * instead. It runs right after the request-id filter, so the answer carries the id and is logged.
 */
@Singleton
class InvalidUriFilter {

  static final int PRIORITY = 9_000;

  private final ObjectMapper json;

  InvalidUriFilter(ObjectMapper json) {
    this.json = json;
  }

  void register(@Observes Filters filters) {
    filters.register(this::handle, PRIORITY);
  }

  void handle(RoutingContext rc) {
    if (isValid(rc.request().uri())) {
      rc.next();
      return;
    }
    answer(
        rc,
        json,
        Problem.of(
            400,
            "invalid-uri",
            "Bad request",
            "The request URI is not valid (bad percent-encoding or a character that must be"
                + " escaped)"));
  }

  /** Ends the exchange with the problem, before any route runs. */
  static void answer(RoutingContext rc, ObjectMapper json, Problem problem) {
    try {
      rc.response()
          .setStatusCode(problem.status())
          .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
          .end(json.writeValueAsString(problem));
    } catch (JsonProcessingException e) {
      rc.fail(problem.status(), e);
    }
  }

  /** The check Quarkus makes: java.net.URI takes it (bad percent-escapes included). */
  static boolean isValid(String uri) {
    if (uri == null || uri.isEmpty()) {
      return false;
    }
    try {
      new URI(uri);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}

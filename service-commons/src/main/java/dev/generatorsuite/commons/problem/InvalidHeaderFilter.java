package dev.generatorsuite.commons.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Answers a request with a malformed header (a control character in its value, a name that is not
 * an HTTP token) with a 400 problem. Vert.x makes the same check while it parses the request, but
 * answers an empty 400 before any route runs; the services run with {@code
 * -Dvertx.disableHttpHeadersValidation=true} (docker/jvm/entrypoint.sh, the root pom's test
 * configuration) so that this filter answers instead. That property also turns off Vert.x's check
 * of the headers we send: none of ours carries unchecked input (request ids and keys are validated
 * before they are echoed or passed on).
 */
@Singleton
class InvalidHeaderFilter {

  /** Right after the URI check, so the answer carries the request id and is logged. */
  static final int PRIORITY = InvalidUriFilter.PRIORITY - 1;

  private final ObjectMapper json;

  InvalidHeaderFilter(ObjectMapper json) {
    this.json = json;
  }

  void register(@Observes Filters filters) {
    filters.register(this::handle, PRIORITY);
  }

  void handle(RoutingContext rc) {
    for (Map.Entry<String, String> header : rc.request().headers()) {
      if (!isValidName(header.getKey()) || !isValidValue(header.getValue())) {
        InvalidUriFilter.answer(
            rc,
            json,
            Problem.of(
                400,
                "invalid-header",
                "Bad request",
                "A request header is malformed (a control character in its value, or a name"
                    + " that is not a token)"));
        return;
      }
    }
    rc.next();
  }

  /** RFC 9110 token: visible ASCII except delimiters. */
  static boolean isValidName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** RFC 9110 field value: visible characters, obs-text, spaces and tabs; no other control. */
  static boolean isValidValue(String value) {
    if (value == null) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
        return false;
      }
    }
    return true;
  }
}

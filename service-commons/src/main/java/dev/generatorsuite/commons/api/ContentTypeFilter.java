package dev.generatorsuite.commons.api;

import dev.generatorsuite.commons.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request that carries a body must say what the body is: without a Content-Type, or with a
 * wildcard one ({@code *}{@code /*}, {@code text/*}), REST would hand the body to the JSON reader
 * anyway and a write would be accepted. Such a request is answered 415 before any resource runs.
 */
public class ContentTypeFilter {

  @ServerRequestFilter(preMatching = true)
  public void requireContentTypeForBodies(ContainerRequestContext request) {
    if (!hasBody(request)) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (!isConcrete(header)) {
      throw new ProblemException(
          415,
          "unsupported-media-type",
          "Unsupported Media Type",
          "A request body needs a Content-Type naming its format, such as application/json");
    }
  }

  private static boolean hasBody(ContainerRequestContext request) {
    if (request.getHeaderString("Transfer-Encoding") != null) {
      return true;
    }
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    return length != null && !length.isBlank() && !"0".equals(length.trim());
  }

  /** A Content-Type that parses and names one type and subtype. */
  static boolean isConcrete(String header) {
    if (header == null || header.isBlank()) {
      return false;
    }
    try {
      MediaType type = MediaType.valueOf(header);
      return !type.isWildcardType() && !type.isWildcardSubtype();
    } catch (IllegalArgumentException e) {
      // Not a media type at all: RESTEasy answers 415 for it on its own, so does this filter.
      return false;
    }
  }
}

package dev.generatorsuite.commons.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document, the body of every error answer of every service.
 *
 * @param type a URI reference naming the kind of problem
 * @param title a short, human-readable summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong in this occurrence, safe to show to the caller
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

  /** The media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Problem types are URNs in this namespace, so they never look like resolvable links. */
  public static final String TYPE_PREFIX = "urn:generator-suite:problem:";

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(TYPE_PREFIX + slug, title, status, detail);
  }
}

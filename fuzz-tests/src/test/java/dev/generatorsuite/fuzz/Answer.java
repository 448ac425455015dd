package dev.generatorsuite.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * What the product answered.
 *
 * @param status the HTTP status; {@link #NO_STATUS_LINE} for an answer without an HTTP/1.x status
 *     line (nginx answers an HTTP/0.9 request line so), {@link #CLOSED} when the connection closed
 *     without any answer
 * @param contentType the Content-Type header, "" when absent
 * @param wwwAuthenticate the WWW-Authenticate header, "" when absent
 * @param body the body, decoded from chunks
 * @param via "http-client" or "raw"
 */
record Answer(int status, String contentType, String wwwAuthenticate, byte[] body, String via) {

  static final int NO_STATUS_LINE = 0;
  static final int CLOSED = -1;

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The histogram's label for the status. */
  String label() {
    return switch (status) {
      case NO_STATUS_LINE -> "no-status-line";
      case CLOSED -> "closed";
      default -> Integer.toString(status);
    };
  }
}

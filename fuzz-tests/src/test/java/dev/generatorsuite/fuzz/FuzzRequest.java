package dev.generatorsuite.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One malformed request.
 *
 * @param endpoint the public endpoint it aims at (figures are counted per endpoint)
 * @param kind what is wrong with it (wrong-type, broken-json, oversized-header, ...)
 * @param method the HTTP method
 * @param target the request target: path and query, as sent
 * @param headers request headers in order (a name may repeat)
 * @param body the body, or {@code null} for none
 * @param raw the whole request as bytes, sent over a raw TLS socket; {@code null} to send it with
 *     HttpClient
 */
record FuzzRequest(
    String endpoint,
    String kind,
    String method,
    String target,
    List<Map.Entry<String, String>> headers,
    byte[] body,
    byte[] raw) {

  private static final int SHOWN = 160;

  /** Whether a 2xx or 3xx answer would mean that something was stored or triggered. */
  boolean isWrite() {
    return "POST".equals(method);
  }

  /** The path part of the target, for the page rule. */
  String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /** One line that shows the request: method, target, headers and body, shortened. */
  String describe() {
    if (raw != null) {
      return "raw[" + raw.length + " bytes] " + shown(raw);
    }
    StringBuilder line = new StringBuilder(method).append(' ').append(shorten(target));
    for (Map.Entry<String, String> header : headers) {
      line.append(" [").append(header.getKey()).append(": ").append(shorten(header.getValue()));
      line.append(']');
    }
    if (body != null) {
      line.append(" body[").append(body.length).append("]: ").append(shown(body));
    }
    return line.toString();
  }

  private static String shown(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, SHOWN), StandardCharsets.ISO_8859_1);
    return escape(text) + (bytes.length > SHOWN ? "..." : "");
  }

  private static String shorten(String text) {
    return escape(text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...");
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\x%02x", (int) c & 0xff));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

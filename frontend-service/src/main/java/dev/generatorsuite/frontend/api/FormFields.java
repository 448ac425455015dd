package dev.generatorsuite.frontend.api;

import dev.generatorsuite.commons.problem.ProblemException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads a field of an {@code application/x-www-form-urlencoded} body, strictly. */
final class FormFields {

  private FormFields() {}

  /**
   * The value of the field {@code name}, decoded; {@code null} when the form does not have it.
   *
   * @throws ProblemException (400) when the form is not valid percent-encoding, or has the field
   *     more than once (which of two tokens would be meant?)
   */
  static String single(String form, String name, String description) {
    String found = null;
    int count = 0;
    if (form != null && !form.isEmpty()) {
      for (String pair : form.split("&", -1)) {
        int equals = pair.indexOf('=');
        String key = decode(equals < 0 ? pair : pair.substring(0, equals));
        if (key.equals(name)) {
          count++;
          found = equals < 0 ? "" : decode(pair.substring(equals + 1));
        }
      }
    }
    if (count > 1) {
      throw ProblemException.badRequest(
          "invalid-form", description + " is given " + count + " times; send it once");
    }
    return found;
  }

  private static String decode(String encoded) {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          "invalid-form",
          "The form is not valid application/x-www-form-urlencoded: a bad percent-escape");
    }
  }
}

package dev.generatorsuite.frontend.domain;

import dev.generatorsuite.commons.problem.ProblemException;
import java.util.UUID;

/** The rules for the Idempotency-Key that every write to the combiner carries. */
public final class IdempotencyKeys {

  /** The combiner accepts keys up to this length. */
  public static final int MAX_LENGTH = 64;

  private IdempotencyKeys() {}

  /** A fresh key, for callers that did not bring one. */
  public static String fresh() {
    return UUID.randomUUID().toString();
  }

  /**
   * Returns the key if it is usable: 1 to 64 visible ASCII characters (it travels as an HTTP
   * header). Otherwise a 400 problem naming the field.
   */
  public static String requireValid(String key, String field) {
    if (key == null || key.isBlank()) {
      throw ProblemException.badRequest(
          "invalid-idempotency-key", field + " is missing; reload the page and try again");
    }
    if (key.length() > MAX_LENGTH) {
      throw ProblemException.badRequest(
          "invalid-idempotency-key", field + " must be at most " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw ProblemException.badRequest(
            "invalid-idempotency-key", field + " may only contain visible ASCII characters");
      }
    }
    return key;
  }
}

package dev.generatorsuite.commons.api;

import dev.generatorsuite.commons.problem.ProblemException;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Parses query parameters taken as strings, so that a bad value gets a precise problem instead of
 * the framework's generic 404 for an unconvertible parameter.
 */
public final class QueryParameters {

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  /**
   * Plain decimal notation with an optional exponent. Stricter than {@link Double#parseDouble},
   * which also takes "NaN", "Infinity", hexadecimal, surrounding blanks and a trailing "d" or "f".
   */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  private static final int SHOWN_LENGTH = 40;

  private QueryParameters() {}

  /**
   * Reads an optional int parameter.
   *
   * @return {@code null} when the parameter is absent
   * @throws ProblemException (400) when it is present but not an integer in the int range
   */
  public static Integer optionalInt(String name, String raw) {
    if (raw == null) {
      return null;
    }
    if (!INTEGER.matcher(raw).matches()) {
      throw ProblemException.badRequest(
          "invalid-parameter", name + " must be an integer, got '" + shown(raw) + "'");
    }
    BigInteger value = new BigInteger(raw);
    if (value.bitLength() > 31) {
      throw ProblemException.badRequest(
          "invalid-parameter",
          name
              + " must be between "
              + Integer.MIN_VALUE
              + " and "
              + Integer.MAX_VALUE
              + ", got '"
              + shown(raw)
              + "'");
    }
    return value.intValue();
  }

  /**
   * Reads an optional finite decimal parameter.
   *
   * @return {@code null} when the parameter is absent
   * @throws ProblemException (400) when it is present but not a decimal number, or too large for a
   *     double
   */
  public static Double optionalFiniteDouble(String name, String raw) {
    if (raw == null) {
      return null;
    }
    if (!DECIMAL.matcher(raw).matches()) {
      throw ProblemException.badRequest(
          "invalid-parameter", name + " must be a finite decimal number, got '" + shown(raw) + "'");
    }
    double value = Double.parseDouble(raw);
    if (Double.isInfinite(value)) {
      throw ProblemException.badRequest(
          "invalid-parameter",
          name + " is too large to be a finite number, got '" + shown(raw) + "'");
    }
    return value;
  }

  /** The raw value as shown in a problem detail: shortened, so a huge input is not echoed. */
  private static String shown(String raw) {
    return raw.length() <= SHOWN_LENGTH ? raw : raw.substring(0, SHOWN_LENGTH) + "...";
  }
}

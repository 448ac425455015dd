package dev.generatorsuite.floatservice.domain;

/**
 * What the service allows: the range and scale used when a request names none, and how far from
 * zero a bound may lie. Checked when the service starts, so a bad configuration stops it instead of
 * failing requests.
 *
 * @param defaultMin the lower bound (inclusive) used when a request gives no {@code min}
 * @param defaultMax the upper bound (exclusive) used when a request gives no {@code max}
 * @param defaultScale the decimal places used when a request gives no {@code scale}, or {@code
 *     null} for unrounded values
 * @param maxMagnitude the largest absolute value of a bound; keeps {@code max - min} finite
 */
public record FloatLimits(
    double defaultMin, double defaultMax, Integer defaultScale, double maxMagnitude) {

  /** The smallest number of decimal places a request may ask for. */
  public static final int MIN_SCALE = 0;

  /** The largest number of decimal places a request may ask for. */
  public static final int MAX_SCALE = 10;

  public FloatLimits {
    if (!(maxMagnitude > 0) || !Double.isFinite(2 * maxMagnitude)) {
      throw new IllegalArgumentException(
          "The maximum magnitude must be positive and at most Double.MAX_VALUE / 2, got "
              + maxMagnitude);
    }
    if (!Double.isFinite(defaultMin) || Math.abs(defaultMin) > maxMagnitude) {
      throw new IllegalArgumentException(
          "The default min must be finite and within ±" + maxMagnitude + ", got " + defaultMin);
    }
    if (!Double.isFinite(defaultMax) || Math.abs(defaultMax) > maxMagnitude) {
      throw new IllegalArgumentException(
          "The default max must be finite and within ±" + maxMagnitude + ", got " + defaultMax);
    }
    if (!(defaultMin < defaultMax)) {
      throw new IllegalArgumentException(
          "The default min ("
              + defaultMin
              + ") must be less than the default max ("
              + defaultMax
              + ")");
    }
    if (defaultScale != null && (defaultScale < MIN_SCALE || defaultScale > MAX_SCALE)) {
      throw new IllegalArgumentException(
          "The default scale must be between "
              + MIN_SCALE
              + " and "
              + MAX_SCALE
              + ", got "
              + defaultScale);
    }
  }
}

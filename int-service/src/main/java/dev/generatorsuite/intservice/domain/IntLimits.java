package dev.generatorsuite.intservice.domain;

/**
 * What the service allows: the range used when a request names none, and the widest range a request
 * may ask for. Checked when the service starts, so a bad configuration stops it instead of failing
 * requests.
 *
 * @param defaultMin the lower bound used when a request gives no {@code min}
 * @param defaultMax the upper bound used when a request gives no {@code max}
 * @param maxWidth the largest {@code max - min} a request may ask for; {@link #FULL_WIDTH} allows
 *     every range of ints
 */
public record IntLimits(int defaultMin, int defaultMax, long maxWidth) {

  /** {@code max - min} of the full int range. */
  public static final long FULL_WIDTH = (long) Integer.MAX_VALUE - Integer.MIN_VALUE;

  public IntLimits {
    if (maxWidth < 0) {
      throw new IllegalArgumentException("The maximum width must not be negative, got " + maxWidth);
    }
    if (defaultMin > defaultMax) {
      throw new IllegalArgumentException(
          "The default min ("
              + defaultMin
              + ") is greater than the default max ("
              + defaultMax
              + ")");
    }
    if ((long) defaultMax - defaultMin > maxWidth) {
      throw new IllegalArgumentException(
          "The default range ["
              + defaultMin
              + ", "
              + defaultMax
              + "] is wider than the maximum width "
              + maxWidth);
    }
  }
}

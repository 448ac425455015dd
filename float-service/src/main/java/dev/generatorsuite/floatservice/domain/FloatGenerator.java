package dev.generatorsuite.floatservice.domain;

import dev.generatorsuite.commons.problem.ProblemException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Draws finite numbers uniformly from a half-open range {@code [min, max)}, optionally with a fixed
 * number of decimal places. Plain Java: the random source is passed in, so that tests can seed it;
 * it must be safe to share between threads when the generator is.
 *
 * <p>Rounding: a value with {@code scale} decimal places is not drawn and then rounded, because
 * rounding a value just below {@code max} can reach {@code max}, and rounding down a value just
 * above {@code min} can fall below it. Instead the generator draws uniformly among the decimals
 * {@code k / 10^scale} whose nearest double lies in {@code [min, max)}, and answers that double.
 * Every such decimal is equally likely, and the answer prints with at most {@code scale} decimal
 * places ({@code [0.1, 0.2)} with one place gives 0.1, although the double 0.1 is slightly above
 * the decimal 0.1). A range that holds no such decimal (say {@code [0.11, 0.19)} with one decimal
 * place) is a bad request.
 */
public final class FloatGenerator {

  private static final BigDecimal HALF = new BigDecimal("0.5");

  private final RandomGenerator random;
  private final FloatLimits limits;

  public FloatGenerator(RandomGenerator random, FloatLimits limits) {
    this.random = Objects.requireNonNull(random, "random");
    this.limits = Objects.requireNonNull(limits, "limits");
    if (limits.defaultScale() != null
        && candidates(limits.defaultMin(), limits.defaultMax(), limits.defaultScale())
                .count()
                .signum()
            <= 0) {
      throw new IllegalArgumentException(
          "No number with "
              + limits.defaultScale()
              + " decimal places lies in the default range ["
              + limits.defaultMin()
              + ", "
              + limits.defaultMax()
              + ")");
    }
  }

  /**
   * Draws a number uniformly from {@code [min, max)}.
   *
   * @param min the lower bound (inclusive), or {@code null} for the configured default
   * @param max the upper bound (exclusive), or {@code null} for the configured default
   * @param scale the decimal places to round to, or {@code null} for the configured default
   * @throws ProblemException (400) for a bound that is not finite or too far from zero, {@code min
   *     >= max}, a scale outside 0..10, or a range holding no number with that many decimals
   */
  public FloatDraw draw(Double min, Double max, Integer scale) {
    double lo = min == null ? limits.defaultMin() : min;
    double hi = max == null ? limits.defaultMax() : max;
    Integer places = scale == null ? limits.defaultScale() : scale;
    checkBound("min", lo);
    checkBound("max", hi);
    if (!(lo < hi)) {
      throw ProblemException.badRequest(
          "invalid-range",
          "min ("
              + lo
              + (min == null ? ", the default" : "")
              + ") must be less than max ("
              + hi
              + (max == null ? ", the default" : "")
              + ")");
    }
    if (places == null) {
      // Bounded in [lo, hi): the JDK maps a product that rounds up to hi to the double below hi.
      return new FloatDraw(random.nextDouble(lo, hi), lo, hi, null);
    }
    if (places < FloatLimits.MIN_SCALE || places > FloatLimits.MAX_SCALE) {
      throw ProblemException.badRequest(
          "invalid-scale",
          "scale must be between "
              + FloatLimits.MIN_SCALE
              + " and "
              + FloatLimits.MAX_SCALE
              + ", got "
              + places);
    }
    Candidates candidates = candidates(lo, hi, places);
    if (candidates.count().signum() <= 0) {
      throw ProblemException.badRequest(
          "empty-range",
          "No number with " + places + " decimal places lies in [" + lo + ", " + hi + ")");
    }
    BigInteger k = candidates.first().add(uniformBelow(candidates.count()));
    return new FloatDraw(new BigDecimal(k, places).doubleValue(), lo, hi, places);
  }

  public FloatLimits limits() {
    return limits;
  }

  private void checkBound(String name, double value) {
    if (!Double.isFinite(value)) {
      throw ProblemException.badRequest(
          "invalid-parameter", name + " must be a finite number, got " + value);
    }
    if (Math.abs(value) > limits.maxMagnitude()) {
      throw ProblemException.badRequest(
          "out-of-bounds",
          name
              + " must be between "
              + -limits.maxMagnitude()
              + " and "
              + limits.maxMagnitude()
              + ", got "
              + value);
    }
  }

  /**
   * The integers {@code k} whose decimal {@code k / 10^scale} turns into a double in {@code [min,
   * max)}: those strictly between the midpoint below {@code min} (from which on decimals round up
   * to {@code min} or more) and the midpoint below {@code max} (from which on they round to {@code
   * max} or more). Midpoints themselves are left out, so ties never matter. Exact arithmetic:
   * {@code new BigDecimal(double)} is the double's exact value.
   */
  private static Candidates candidates(double min, double max, int scale) {
    BigInteger first =
        midpointBelow(min)
            .movePointRight(scale)
            .setScale(0, RoundingMode.FLOOR)
            .toBigIntegerExact()
            .add(BigInteger.ONE);
    BigInteger end =
        midpointBelow(max)
            .movePointRight(scale)
            .setScale(0, RoundingMode.CEILING)
            .toBigIntegerExact();
    return new Candidates(first, end.subtract(first));
  }

  /** The exact midpoint between a double and the double before it. */
  private static BigDecimal midpointBelow(double value) {
    return new BigDecimal(Math.nextDown(value)).add(new BigDecimal(value)).multiply(HALF);
  }

  /** A uniform integer in {@code [0, bound)}; bounds beyond a long use rejection sampling. */
  private BigInteger uniformBelow(BigInteger bound) {
    if (bound.bitLength() < Long.SIZE) {
      return BigInteger.valueOf(random.nextLong(bound.longValue()));
    }
    int bits = bound.bitLength();
    byte[] bytes = new byte[(bits + 7) / 8];
    int unusedBits = bytes.length * 8 - bits;
    BigInteger candidate;
    do {
      // Each round is accepted with a probability above 1/2: bound needs all of its bits.
      random.nextBytes(bytes);
      bytes[0] &= (byte) (0xFF >>> unusedBits);
      candidate = new BigInteger(1, bytes);
    } while (candidate.compareTo(bound) >= 0);
    return candidate;
  }

  private record Candidates(BigInteger first, BigInteger count) {}
}

package dev.generatorsuite.intservice.domain;

import dev.generatorsuite.commons.problem.ProblemException;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Draws integers uniformly from an inclusive range. Plain Java: the random source is passed in, so
 * that tests can seed it; it must be safe to share between threads when the generator is.
 */
public final class IntGenerator {

  private final RandomGenerator random;
  private final IntLimits limits;

  public IntGenerator(RandomGenerator random, IntLimits limits) {
    this.random = Objects.requireNonNull(random, "random");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Draws an integer uniformly from {@code [min, max]}, both inclusive.
   *
   * @param min the lower bound, or {@code null} for the configured default
   * @param max the upper bound, or {@code null} for the configured default
   * @throws ProblemException (400) when {@code min > max} or the range is wider than allowed
   */
  public IntDraw draw(Integer min, Integer max) {
    int lo = min == null ? limits.defaultMin() : min;
    int hi = max == null ? limits.defaultMax() : max;
    if (lo > hi) {
      throw ProblemException.badRequest(
          "invalid-range",
          "min ("
              + lo
              + (min == null ? ", the default" : "")
              + ") must not be greater than max ("
              + hi
              + (max == null ? ", the default" : "")
              + ")");
    }
    long width = (long) hi - lo;
    if (width > limits.maxWidth()) {
      throw ProblemException.badRequest(
          "range-too-wide",
          "max - min is " + width + ", more than the allowed " + limits.maxWidth());
    }
    // On longs, so that the exclusive bound max + 1 cannot overflow, even for the full int range.
    // nextLong(origin, bound) is unbiased: it rejects draws instead of taking a remainder.
    int value = (int) random.nextLong(lo, (long) hi + 1);
    return new IntDraw(value, lo, hi);
  }

  public IntLimits limits() {
    return limits;
  }
}

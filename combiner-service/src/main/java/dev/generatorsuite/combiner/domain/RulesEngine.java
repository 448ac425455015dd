package dev.generatorsuite.combiner.domain;

import dev.generatorsuite.commons.problem.ProblemException;
import java.util.Objects;

/**
 * The rules of the combiner: checks the inputs against the {@link InputBounds}, computes {@code
 * product = intValue * floatValue} in double precision and classifies it with the {@link
 * Thresholds}. Inputs outside the bounds and a product that is not finite are rejected as bad
 * requests, so nothing invalid is ever stored.
 */
public final class RulesEngine {

  private final Thresholds thresholds;
  private final InputBounds bounds;

  public RulesEngine(Thresholds thresholds, InputBounds bounds) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    this.bounds = Objects.requireNonNull(bounds, "bounds");
  }

  /**
   * Combines two values.
   *
   * @throws ProblemException a 400 when an input is outside the bounds or the product is not finite
   */
  public Combination combine(int intValue, double floatValue) {
    if (!bounds.acceptsInt(intValue)) {
      throw ProblemException.badRequest(
          "out-of-bounds",
          "Field 'intValue' must be between "
              + bounds.intMin()
              + " and "
              + bounds.intMax()
              + " (was "
              + intValue
              + ")");
    }
    if (!Double.isFinite(floatValue)) {
      throw ProblemException.badRequest("not-finite", "Field 'floatValue' must be a finite number");
    }
    if (!bounds.acceptsFloat(floatValue)) {
      throw ProblemException.badRequest(
          "out-of-bounds",
          "Field 'floatValue' must be between "
              + bounds.floatMin()
              + " and "
              + bounds.floatMax()
              + " (was "
              + floatValue
              + ")");
    }
    // Adding 0.0 turns a negative zero (e.g. -3 * 0.0) into a plain zero.
    double product = intValue * floatValue + 0.0;
    if (!Double.isFinite(product)) {
      throw ProblemException.badRequest(
          "not-finite", "The product of intValue and floatValue is not a finite number");
    }
    return new Combination(intValue, floatValue, product, thresholds.classify(product));
  }

  public Thresholds thresholds() {
    return thresholds;
  }

  public InputBounds bounds() {
    return bounds;
  }
}

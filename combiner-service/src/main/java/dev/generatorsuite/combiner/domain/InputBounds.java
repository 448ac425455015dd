package dev.generatorsuite.combiner.domain;

/**
 * The values a client may combine, both ranges inclusive: {@code intMin <= intValue <= intMax} and
 * {@code floatMin <= floatValue <= floatMax} with a finite {@code floatValue}. Checked at startup:
 * each minimum is at most its maximum and the float bounds are finite.
 */
public record InputBounds(int intMin, int intMax, double floatMin, double floatMax) {

  public InputBounds {
    if (intMin > intMax) {
      throw new IllegalArgumentException(
          "Input bounds must satisfy int-min <= int-max (" + intMin + " > " + intMax + ")");
    }
    if (!Double.isFinite(floatMin) || !Double.isFinite(floatMax) || floatMin > floatMax) {
      throw new IllegalArgumentException(
          "Input bounds must be finite with float-min <= float-max ("
              + floatMin
              + ", "
              + floatMax
              + ")");
    }
  }

  public boolean acceptsInt(int value) {
    return value >= intMin && value <= intMax;
  }

  public boolean acceptsFloat(double value) {
    return Double.isFinite(value) && value >= floatMin && value <= floatMax;
  }
}

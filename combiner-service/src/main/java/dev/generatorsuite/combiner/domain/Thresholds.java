package dev.generatorsuite.combiner.domain;

/**
 * The rules that turn a product into an {@link Outcome}. Only the magnitude of the product counts,
 * so {@code -95} scores like {@code 95}:
 *
 * <ul>
 *   <li>{@code |product| >= crit} gives {@link Outcome#CRIT};
 *   <li>{@code hit <= |product| < crit} gives {@link Outcome#HIT};
 *   <li>{@code |product| < hit} gives {@link Outcome#MISS}.
 * </ul>
 *
 * Both bounds are inclusive lower bounds of their band. The thresholds must be finite and satisfy
 * {@code 0 <= hit < crit}; anything else is a configuration error detected at startup.
 *
 * @param hit the smallest magnitude that is a hit
 * @param crit the smallest magnitude that is a critical hit
 */
public record Thresholds(double hit, double crit) {

  public Thresholds {
    if (!Double.isFinite(hit) || !Double.isFinite(crit)) {
      throw new IllegalArgumentException(
          "Outcome thresholds must be finite numbers (hit=" + hit + ", crit=" + crit + ")");
    }
    if (hit < 0 || hit >= crit) {
      throw new IllegalArgumentException(
          "Outcome thresholds must satisfy 0 <= hit < crit (hit=" + hit + ", crit=" + crit + ")");
    }
  }

  /** The outcome of a finite product. */
  public Outcome classify(double product) {
    double magnitude = Math.abs(product);
    if (magnitude >= crit) {
      return Outcome.CRIT;
    }
    if (magnitude >= hit) {
      return Outcome.HIT;
    }
    return Outcome.MISS;
  }
}

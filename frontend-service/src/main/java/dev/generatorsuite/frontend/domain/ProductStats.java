package dev.generatorsuite.frontend.domain;

import java.util.Map;

/**
 * The combiner's statistics over all stored products. Minimum, maximum and average are absent while
 * nothing is stored.
 */
public record ProductStats(
    long count,
    Double minProduct,
    Double maxProduct,
    Double avgProduct,
    Map<String, Long> byOutcome) {

  public ProductStats {
    byOutcome = byOutcome == null ? Map.of() : Map.copyOf(byOutcome);
  }

  /** How many products have this outcome; 0 when the combiner did not mention it. */
  public long countOf(String outcome) {
    return byOutcome.getOrDefault(outcome, 0L);
  }
}

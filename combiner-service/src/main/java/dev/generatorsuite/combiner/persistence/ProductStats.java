package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.domain.Outcome;
import java.util.Map;

/**
 * Aggregates over every stored product.
 *
 * @param count how many products are stored
 * @param minProduct the smallest product, {@code null} when there is none
 * @param maxProduct the largest product, {@code null} when there is none
 * @param avgProduct the mean product, {@code null} when there is none
 * @param byOutcome how many products have each outcome; every outcome is present
 */
public record ProductStats(
    long count,
    Double minProduct,
    Double maxProduct,
    Double avgProduct,
    Map<Outcome, Long> byOutcome) {}

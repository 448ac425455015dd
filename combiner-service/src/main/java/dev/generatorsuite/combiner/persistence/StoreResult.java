package dev.generatorsuite.combiner.persistence;

/**
 * What a store of {@link ProductRepository} did.
 *
 * @param product the stored row: the new one, or the one stored earlier under the same key
 * @param created {@code true} when this call inserted the row
 */
public record StoreResult(ProductEntity product, boolean created) {}

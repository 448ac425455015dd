package dev.generatorsuite.combiner.persistence;

import java.util.List;

/**
 * One page of products, newest first, and how many products there are in all.
 *
 * @param items the products of the page
 * @param total the number of stored products
 */
public record ProductPage(List<ProductEntity> items, long total) {}

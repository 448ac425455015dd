package dev.generatorsuite.combiner.domain;

/**
 * The result of applying the rules to one pair of inputs; not yet stored.
 *
 * @param intValue the integer input
 * @param floatValue the float input
 * @param product {@code intValue * floatValue}, always finite
 * @param outcome the outcome of the product
 */
public record Combination(int intValue, double floatValue, double product, Outcome outcome) {}

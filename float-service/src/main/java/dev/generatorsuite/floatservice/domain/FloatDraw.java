package dev.generatorsuite.floatservice.domain;

/**
 * One drawn number and the half-open range it was drawn from.
 *
 * @param value the drawn number, finite, {@code min <= value < max}
 * @param min the lower bound (inclusive), as given or defaulted
 * @param max the upper bound (exclusive), as given or defaulted
 * @param scale the decimal places the value was rounded to, or {@code null} when unrounded
 */
public record FloatDraw(double value, double min, double max, Integer scale) {}

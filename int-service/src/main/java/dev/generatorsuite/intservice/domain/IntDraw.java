package dev.generatorsuite.intservice.domain;

/**
 * One drawn integer and the inclusive range it was drawn from.
 *
 * @param value the drawn integer, {@code min <= value <= max}
 * @param min the lower bound, as given or defaulted
 * @param max the upper bound, as given or defaulted
 */
public record IntDraw(int value, int min, int max) {}

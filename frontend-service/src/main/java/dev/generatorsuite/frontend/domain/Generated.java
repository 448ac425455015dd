package dev.generatorsuite.frontend.domain;

/**
 * What the Generate flow answers.
 *
 * @param product the stored product
 * @param replayed {@code true} when the key had already stored this product in an earlier call and
 *     nothing new was stored
 */
public record Generated(Product product, boolean replayed) {

  static Generated stored(Product product) {
    return new Generated(product, false);
  }

  static Generated replayed(Product product) {
    return new Generated(product, true);
  }
}

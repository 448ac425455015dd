package dev.generatorsuite.frontend.domain;

import java.time.Instant;

/**
 * A product as the combiner stores and returns it.
 *
 * @param id the combiner's identifier, kept as the combiner sends it (number or string), so that
 *     {@code POST /api/generate} passes it on unchanged
 */
public record Product(
    Object id,
    long intValue,
    double floatValue,
    double product,
    String outcome,
    Instant createdAt) {

  /** The identifier as text, for links and comparisons. */
  public String idText() {
    return String.valueOf(id);
  }
}

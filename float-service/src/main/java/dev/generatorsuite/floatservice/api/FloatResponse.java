package dev.generatorsuite.floatservice.api;

import dev.generatorsuite.floatservice.domain.FloatDraw;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code GET /api/float}. */
@Schema(description = "A random number and the half-open range [min, max) it was drawn from")
public record FloatResponse(
    @Schema(description = "The drawn number, finite, min <= value < max", examples = "0.42")
        double value,
    @Schema(description = "The lower bound, inclusive", examples = "0.0") double min,
    @Schema(description = "The upper bound, exclusive", examples = "1.0") double max) {

  static FloatResponse of(FloatDraw draw) {
    return new FloatResponse(draw.value(), draw.min(), draw.max());
  }
}

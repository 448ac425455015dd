package dev.generatorsuite.intservice.api;

import dev.generatorsuite.intservice.domain.IntDraw;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code GET /api/int}. */
@Schema(description = "A random integer and the inclusive range it was drawn from")
public record IntResponse(
    @Schema(description = "The drawn integer, min <= value <= max", examples = "42") int value,
    @Schema(description = "The lower bound, inclusive", examples = "1") int min,
    @Schema(description = "The upper bound, inclusive", examples = "100") int max) {

  static IntResponse of(IntDraw draw) {
    return new IntResponse(draw.value(), draw.min(), draw.max());
  }
}

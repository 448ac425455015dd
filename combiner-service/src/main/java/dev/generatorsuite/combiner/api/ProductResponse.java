package dev.generatorsuite.combiner.api;

import dev.generatorsuite.combiner.domain.Outcome;
import dev.generatorsuite.combiner.persistence.ProductEntity;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored product as the API shows it. */
@Schema(name = "Product", description = "A stored product")
public record ProductResponse(
    @Schema(description = "Identifier, also in the Location header", example = "42") long id,
    @Schema(example = "7") int intValue,
    @Schema(example = "12.5") double floatValue,
    @Schema(description = "intValue * floatValue", example = "87.5") double product,
    @Schema(description = "MISS below the hit threshold, HIT from it, CRIT from the crit threshold")
        Outcome outcome,
    @Schema(description = "When the database stored it (UTC)") Instant createdAt) {

  static ProductResponse of(ProductEntity entity) {
    return new ProductResponse(
        entity.id,
        entity.intValue,
        entity.floatValue,
        entity.product,
        entity.outcome,
        entity.createdAt);
  }
}

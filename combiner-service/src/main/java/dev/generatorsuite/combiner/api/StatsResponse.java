package dev.generatorsuite.combiner.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.generatorsuite.combiner.domain.Outcome;
import dev.generatorsuite.combiner.persistence.ProductStats;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Statistics over every stored product; min, max and avg are {@code null} while there is none. */
@Schema(name = "ProductStats", description = "Statistics over every stored product")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatsResponse(
    long count,
    @Schema(nullable = true) Double minProduct,
    @Schema(nullable = true) Double maxProduct,
    @Schema(nullable = true) Double avgProduct,
    @Schema(description = "Count per outcome; MISS, HIT and CRIT are always present")
        Map<Outcome, Long> byOutcome) {

  static StatsResponse of(ProductStats stats) {
    return new StatsResponse(
        stats.count(),
        stats.minProduct(),
        stats.maxProduct(),
        stats.avgProduct(),
        stats.byOutcome());
  }
}

package dev.generatorsuite.combiner.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of products, newest first. */
@Schema(name = "ProductPage", description = "A page of products, newest first")
public record ProductPageResponse(
    List<ProductResponse> items,
    @Schema(description = "Zero-based page index") int page,
    @Schema(description = "Requested page size") int size,
    @Schema(description = "Number of stored products") long total) {}

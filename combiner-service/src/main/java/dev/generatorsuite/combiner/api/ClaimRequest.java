package dev.generatorsuite.combiner.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/job-runs/claims}. Fields are checked by {@code JobRules} (400 with
 * the field's name); unknown fields are rejected by Jackson.
 */
@Schema(name = "ClaimRequest", description = "Claim one tick of a job for one replica")
public record ClaimRequest(
    @Schema(required = true, description = "The job's name", example = "nightly") String job,
    @Schema(
            required = true,
            description = "The tick, ISO-8601, at most millisecond precision",
            example = "2025-01-02T03:04:05Z")
        String scheduledAt,
    @Schema(required = true, description = "The replica claiming", example = "frontend-1")
        String owner,
    @Schema(
            required = true,
            description = "Seconds the owner has to report before the run is abandoned",
            example = "60")
        Integer leaseSeconds,
    @Schema(description = "An operator's run: claimed even while the job is paused")
        Boolean manual) {}

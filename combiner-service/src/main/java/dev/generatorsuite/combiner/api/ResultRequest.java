package dev.generatorsuite.combiner.api;

import dev.generatorsuite.combiner.domain.JobRunStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/job-runs/{id}/result}, sent once by the run's owner. */
@Schema(name = "RunResult", description = "How a run ended")
public record ResultRequest(
    @Schema(required = true, description = "The replica that claimed the run") String owner,
    @Schema(required = true, description = "SUCCEEDED or FAILED") JobRunStatus status,
    @Schema(required = true, description = "Products stored by the run", example = "5")
        Integer productsMade,
    @Schema(description = "Required for FAILED, absent for SUCCEEDED; at most 1000 characters")
        String error) {}

package dev.generatorsuite.combiner.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.generatorsuite.combiner.domain.JobRunStatus;
import dev.generatorsuite.combiner.persistence.JobSummary;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What is stored about one job: counts by status, success rate, newest runs, last failure. */
@Schema(name = "JobSummary", description = "Runs of one job, summarised")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobSummaryResponse(
    String job,
    boolean paused,
    @Schema(description = "Stored runs per status; RUNNING, SUCCEEDED and FAILED always present")
        Map<JobRunStatus, Long> byStatus,
    @Schema(nullable = true, description = "SUCCEEDED / (SUCCEEDED + FAILED), 0 to 1")
        Double successRate,
    @Schema(nullable = true) JobRunResponse lastRun,
    @Schema(nullable = true) JobRunResponse lastFailure,
    @Schema(description = "The newest runs, newest first") List<JobRunResponse> recent) {

  static JobSummaryResponse of(JobSummary summary) {
    List<JobRunResponse> recent = summary.recent().stream().map(JobRunResponse::of).toList();
    return new JobSummaryResponse(
        summary.job(),
        summary.paused(),
        summary.byStatus(),
        summary.successRate(),
        recent.isEmpty() ? null : recent.get(0),
        JobRunResponse.of(summary.lastFailure()),
        recent);
  }
}

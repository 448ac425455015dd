package dev.generatorsuite.combiner.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.generatorsuite.combiner.domain.JobRunStatus;
import dev.generatorsuite.combiner.persistence.JobRunEntity;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A run of a scheduled job as the API shows it. */
@Schema(name = "JobRun", description = "One run of a scheduled job")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobRunResponse(
    long id,
    String job,
    @Schema(description = "The tick; for a manual run, when it was asked for") Instant scheduledAt,
    boolean manual,
    String owner,
    JobRunStatus status,
    Instant startedAt,
    @Schema(description = "A RUNNING run not reported by then is marked FAILED (abandoned)")
        Instant leaseUntil,
    @Schema(nullable = true) Instant finishedAt,
    int productsMade,
    @Schema(nullable = true) String error) {

  static JobRunResponse of(JobRunEntity run) {
    return run == null
        ? null
        : new JobRunResponse(
            run.id,
            run.jobName,
            run.scheduledAt,
            run.manual,
            run.owner,
            run.status,
            run.startedAt,
            run.leaseUntil,
            run.finishedAt,
            run.productsMade,
            run.error);
  }
}

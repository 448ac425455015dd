package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.domain.JobRunStatus;
import java.util.List;
import java.util.Map;

/**
 * Everything stored about one job.
 *
 * @param job the job's name
 * @param paused whether the job is paused for every replica
 * @param byStatus how many stored runs have each status; every status is present
 * @param recent the newest runs, newest first
 * @param lastFailure the newest failed run, {@code null} when none failed
 */
public record JobSummary(
    String job,
    boolean paused,
    Map<JobRunStatus, Long> byStatus,
    List<JobRunEntity> recent,
    JobRunEntity lastFailure) {

  public JobSummary {
    byStatus = Map.copyOf(byStatus);
    recent = List.copyOf(recent);
  }

  /** Succeeded over finished runs, from 0 to 1; {@code null} while no run has finished. */
  public Double successRate() {
    long succeeded = byStatus.getOrDefault(JobRunStatus.SUCCEEDED, 0L);
    long finished = succeeded + byStatus.getOrDefault(JobRunStatus.FAILED, 0L);
    return finished == 0 ? null : (double) succeeded / finished;
  }
}

package dev.generatorsuite.frontend.domain;

import java.util.List;
import java.util.Map;

/** The combiner's summary of one job's runs. */
public record JobSummary(
    String job,
    boolean paused,
    Map<String, Long> byStatus,
    Double successRate,
    JobRun lastRun,
    JobRun lastFailure,
    List<JobRun> recent) {

  public JobSummary {
    byStatus = byStatus == null ? Map.of() : Map.copyOf(byStatus);
    recent = recent == null ? List.of() : List.copyOf(recent);
  }

  /** Nothing stored yet for a job. */
  public static JobSummary empty(String job) {
    return new JobSummary(job, false, Map.of(), null, null, null, List.of());
  }

  public long countOf(String status) {
    return byStatus.getOrDefault(status, 0L);
  }
}

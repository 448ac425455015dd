package dev.generatorsuite.frontend.domain;

import java.util.List;

/** The body of the combiner's {@code GET /api/job-runs/summary}. */
public record JobSummaries(List<JobSummary> jobs) {

  public JobSummaries {
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
  }
}

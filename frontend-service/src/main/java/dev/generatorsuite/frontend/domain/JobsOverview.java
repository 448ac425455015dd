package dev.generatorsuite.frontend.domain;

import java.time.Instant;
import java.util.List;

/**
 * Every configured job with what the combiner stores about it.
 *
 * @param jobs one entry per configured job, by name
 * @param unavailable why the runs could not be read, {@code null} when they could
 */
public record JobsOverview(List<JobStatus> jobs, String unavailable) {

  public JobsOverview {
    jobs = List.copyOf(jobs);
  }

  /**
   * One job.
   *
   * @param summary its runs; {@code null} when the combiner did not answer
   * @param nextRun the next tick, {@code null} for a disabled job
   */
  public record JobStatus(JobDefinition definition, JobSummary summary, Instant nextRun) {

    public boolean paused() {
      return summary != null && summary.paused();
    }
  }
}

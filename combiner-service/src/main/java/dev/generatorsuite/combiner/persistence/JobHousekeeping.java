package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.config.CombinerConfig;
import dev.generatorsuite.combiner.metrics.JobRunMetrics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Marks runs whose owner did not report within the lease as failed (never to run again) and deletes
 * finished runs past the retention. Every replica does it; both statements are idempotent, so they
 * may overlap. Reads of the history sweep too, so nobody sees a run RUNNING past its lease.
 */
@ApplicationScoped
public class JobHousekeeping {

  private static final Logger LOG = Logger.getLogger(JobHousekeeping.class);

  private final JobRunRepository runs;
  private final JobRunMetrics metrics;
  private final CombinerConfig config;

  public JobHousekeeping(JobRunRepository runs, JobRunMetrics metrics, CombinerConfig config) {
    this.runs = runs;
    this.metrics = metrics;
    this.config = config;
  }

  @Scheduled(
      identity = "job-run-housekeeping",
      every = "${combiner.jobs.housekeeping-every:30s}",
      delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void scheduled() {
    try {
      sweep();
      prune();
    } catch (RuntimeException e) { // the database is away: the next round tries again
      LOG.warnf("Job-run housekeeping failed: %s", e.getMessage());
    }
  }

  /**
   * Marks abandoned runs as failed.
   *
   * @return how many were marked
   */
  public int sweep() {
    var jobs = runs.sweepAbandoned();
    for (String job : jobs) {
      LOG.warnf("A run of job %s was abandoned by its owner and is marked FAILED", job);
      metrics.finished(job, "abandoned");
    }
    return jobs.size();
  }

  /**
   * Deletes finished runs older than {@code combiner.jobs.retention}.
   *
   * @return how many were deleted
   */
  public int prune() {
    int deleted = runs.prune(config.jobs().retention());
    if (deleted > 0) {
      LOG.infof("Deleted %d job runs older than %s", deleted, config.jobs().retention());
    }
    return deleted;
  }
}

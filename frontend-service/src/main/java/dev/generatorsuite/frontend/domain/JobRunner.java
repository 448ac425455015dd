package dev.generatorsuite.frontend.domain;

import dev.generatorsuite.frontend.client.JobRunClient;
import dev.generatorsuite.frontend.metrics.JobMetrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs one tick of a job, exactly once across replicas: claim the tick at the combiner, and only if
 * this replica won, make the products through the Generate flow and report the result. Each product
 * carries an Idempotency-Key derived from job, tick and index, so even a run repeated by a retry
 * stores every product once. A replica that dies mid-run leaves the run to be marked failed by the
 * combiner when its lease runs out; nobody runs it again.
 */
@ApplicationScoped
public class JobRunner {

  private static final Logger LOG = Logger.getLogger(JobRunner.class);

  /** The longest error message the combiner keeps. */
  static final int MAX_ERROR = 1000;

  private final JobRunClient runs;
  private final GenerateService generateService;
  private final JobCatalog catalog;
  private final JobMetrics metrics;

  public JobRunner(
      JobRunClient runs, GenerateService generateService, JobCatalog catalog, JobMetrics metrics) {
    this.runs = runs;
    this.generateService = generateService;
    this.catalog = catalog;
    this.metrics = metrics;
  }

  /** Claims the tick and, when this replica wins, runs it. Never fails. */
  public Uni<RunReport> runTick(JobDefinition job, Instant tick) {
    return runs.claim(job.name(), tick, catalog.owner(), catalog.leaseSeconds(), false)
        .onItem()
        .transformToUni(run -> execute(job, run, job.productsPerRun()))
        .onFailure()
        .recoverWithItem(failure -> notClaimed(job, tick, failure))
        .invoke(report -> metrics.tick(job.name(), report.outcome()));
  }

  /**
   * An operator's run: claims the present moment (manual, so also for a paused job) and answers the
   * claimed run at once; the products are made in the background and reported as usual.
   */
  public Uni<JobRun> trigger(JobDefinition job, int products) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return runs.claim(job.name(), now, catalog.owner(), catalog.leaseSeconds(), true)
        .invoke(
            run ->
                execute(job, run, products)
                    .subscribe()
                    .with(
                        report -> metrics.tick(job.name(), report.outcome()),
                        failure -> LOG.errorf(failure, "Manual run of job %s failed", job.name())));
  }

  private Uni<RunReport> execute(JobDefinition job, JobRun run, int products) {
    Instant started = Instant.now();
    Duration lease = Duration.ofSeconds(catalog.leaseSeconds());
    // Stop making products a little before the lease ends, so the result is reported in time.
    Instant stopBy = started.plus(lease.minus(lease.dividedBy(4)));
    AtomicInteger made = new AtomicInteger();
    LOG.infof(
        "Running job %s, tick %s (run %d, %d products)",
        job.name(), run.scheduledAt(), run.id(), products);
    return Multi.createFrom()
        .range(0, products)
        .onItem()
        .transformToUniAndConcatenate(
            index -> {
              if (Instant.now().isAfter(stopBy)) {
                return Uni.createFrom()
                    .failure(
                        new IllegalStateException(
                            "stopped before the lease of " + lease.toSeconds() + " s ran out"));
              }
              return generateService
                  .generate(JobKeys.idempotencyKey(job.name(), run.scheduledAt(), index), "key")
                  .replaceWithVoid()
                  // Stored by an earlier attempt of this run (same key): made, not made twice.
                  .onFailure(JobRunner::alreadyStored)
                  .recoverWithNull()
                  .invoke(nothing -> made.incrementAndGet());
            })
        .collect()
        .last()
        .map(last -> Optional.<String>empty())
        .onFailure()
        .recoverWithItem(failure -> Optional.of(describe(failure)))
        .chain(error -> report(job, run, made.get(), error));
  }

  private Uni<RunReport> report(JobDefinition job, JobRun run, int made, Optional<String> error) {
    String status = error.isPresent() ? JobRun.FAILED : JobRun.SUCCEEDED;
    String summary = status + ", " + made + " products" + error.map(e -> ": " + e).orElse("");
    return runs.result(run.id(), catalog.owner(), status, made, error.orElse(null))
        .map(
            recorded -> {
              if (error.isPresent()) {
                LOG.warnf("Job %s, tick %s: %s", job.name(), run.scheduledAt(), summary);
              } else {
                LOG.infof("Job %s, tick %s: %s", job.name(), run.scheduledAt(), summary);
              }
              return new RunReport(
                  job.name(), run.scheduledAt(), RunReport.Outcome.RAN, recorded, summary);
            })
        .onFailure()
        .recoverWithItem(
            failure -> {
              String detail =
                  "ran ("
                      + summary
                      + ") but the result was not recorded: "
                      + failure.getMessage()
                      + "; the combiner marks the run failed when its lease ends";
              LOG.warnf("Job %s, tick %s: %s", job.name(), run.scheduledAt(), detail);
              return new RunReport(
                  job.name(), run.scheduledAt(), RunReport.Outcome.ERROR, null, detail);
            });
  }

  private static RunReport notClaimed(JobDefinition job, Instant tick, Throwable failure) {
    if (failure instanceof DownstreamRejectedException rejected) {
      String type = rejected.toProblem().type();
      if (type.endsWith(":already-claimed")) {
        LOG.debugf("Job %s, tick %s: claimed by another replica", job.name(), tick);
        return new RunReport(job.name(), tick, RunReport.Outcome.LOST, null, rejected.getMessage());
      }
      if (type.endsWith(":job-paused")) {
        LOG.debugf("Job %s, tick %s: paused", job.name(), tick);
        return new RunReport(
            job.name(), tick, RunReport.Outcome.PAUSED, null, rejected.getMessage());
      }
    }
    String detail = "could not claim the tick: " + failure.getMessage();
    LOG.warnf("Job %s, tick %s: %s", job.name(), tick, detail);
    return new RunReport(job.name(), tick, RunReport.Outcome.ERROR, null, detail);
  }

  private static boolean alreadyStored(Throwable failure) {
    return failure instanceof DownstreamRejectedException rejected
        && rejected.toProblem().type().endsWith(":idempotency-key-reused");
  }

  /** The error kept with a failed run: what the Generate flow said, in one line. */
  static String describe(Throwable failure) {
    String message =
        failure instanceof DownstreamUnavailableException
                || failure instanceof DownstreamRejectedException
                || failure instanceof IllegalStateException
            ? failure.getMessage()
            : "unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
    message = message == null ? failure.getClass().getSimpleName() : message;
    return message.length() <= MAX_ERROR ? message : message.substring(0, MAX_ERROR);
  }
}

package dev.generatorsuite.frontend.domain;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Schedules every enabled job on this replica (quarkus-scheduler). Every replica fires at every
 * tick and computes the same {@code scheduledAt}; the combiner's claim lets exactly one run it.
 *
 * <ul>
 *   <li>A cron job's tick is the trigger's scheduled fire time, truncated to the second: the same
 *       wall-clock time on every replica.
 *   <li>An interval job is checked every second against its {@link IntervalTicker}, whose ticks are
 *       multiples of the interval since the epoch, so replicas started at different moments still
 *       agree on them.
 * </ul>
 *
 * A run goes on in the background; the scheduler's thread is never held by it.
 */
@ApplicationScoped
public class JobScheduler {

  private static final Logger LOG = Logger.getLogger(JobScheduler.class);
  private static final String PREFIX = "job-";

  private final Scheduler scheduler;
  private final JobCatalog catalog;
  private final JobRunner runner;
  private final Map<String, IntervalTicker> tickers = new ConcurrentHashMap<>();

  public JobScheduler(Scheduler scheduler, JobCatalog catalog, JobRunner runner) {
    this.scheduler = scheduler;
    this.catalog = catalog;
    this.runner = runner;
  }

  void onStart(@Observes StartupEvent event) {
    for (JobDefinition job : catalog.all()) {
      if (!job.enabled()) {
        LOG.infof("Job %s (%s) is disabled", job.name(), job.scheduleText());
        continue;
      }
      var definition =
          scheduler
              .newJob(PREFIX + job.name())
              .setSkipPredicate(Scheduled.ApplicationNotRunning.class);
      if (job.cron() != null) {
        definition
            .setCron(job.cron())
            .setAsyncTask(
                execution ->
                    fire(job, execution.getScheduledFireTime().truncatedTo(ChronoUnit.SECONDS)));
      } else {
        IntervalTicker ticker = new IntervalTicker(job.every());
        tickers.put(job.name(), ticker);
        definition
            .setInterval("1s")
            .setAsyncTask(
                execution -> {
                  ticker.due(execution.getFireTime()).forEach(tick -> fire(job, tick));
                  return Uni.createFrom().voidItem();
                });
      }
      definition.schedule();
      LOG.infof(
          "Job %s scheduled: %s, %d products per run, as %s",
          job.name(), job.scheduleText(), job.productsPerRun(), catalog.owner());
    }
  }

  /** When the next tick of a job is due; empty for a disabled job. */
  public Optional<Instant> nextRun(JobDefinition job, Instant now) {
    IntervalTicker ticker = tickers.get(job.name());
    if (ticker != null) {
      return Optional.of(ticker.nextAfter(now));
    }
    Trigger trigger = job.enabled() ? scheduler.getScheduledJob(PREFIX + job.name()) : null;
    return trigger == null ? Optional.empty() : Optional.ofNullable(trigger.getNextFireTime());
  }

  private Uni<Void> fire(JobDefinition job, Instant tick) {
    runner
        .runTick(job, tick)
        .subscribe()
        .with(
            report -> LOG.debugf("Job %s, tick %s: %s", job.name(), tick, report.outcome()),
            failure -> LOG.errorf(failure, "Job %s, tick %s failed", job.name(), tick));
    return Uni.createFrom().voidItem();
  }
}

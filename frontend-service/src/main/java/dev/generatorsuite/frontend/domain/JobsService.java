package dev.generatorsuite.frontend.domain;

import dev.generatorsuite.commons.problem.ProblemException;
import dev.generatorsuite.frontend.client.JobRunClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the page and the operators see and do about scheduled jobs. */
@ApplicationScoped
public class JobsService {

  /** Runs shown per job in the page's chart. */
  public static final int RECENT_RUNS = 20;

  private final JobCatalog catalog;
  private final JobScheduler scheduler;
  private final JobRunner runner;
  private final JobRunClient runs;

  public JobsService(
      JobCatalog catalog, JobScheduler scheduler, JobRunner runner, JobRunClient runs) {
    this.catalog = catalog;
    this.scheduler = scheduler;
    this.runner = runner;
    this.runs = runs;
  }

  /** Every configured job with its runs; never fails (the runs are missing when unavailable). */
  public Uni<JobsOverview> overview() {
    if (catalog.all().isEmpty()) {
      return Uni.createFrom().item(new JobsOverview(java.util.List.of(), null));
    }
    return runs.summary(RECENT_RUNS)
        .map(
            summaries -> {
              Map<String, JobSummary> byJob =
                  summaries.jobs().stream()
                      .collect(Collectors.toMap(JobSummary::job, Function.identity(), (a, b) -> a));
              return build(byJob, null);
            })
        .onFailure()
        .recoverWithItem(failure -> build(null, failure.getMessage()));
  }

  private JobsOverview build(Map<String, JobSummary> byJob, String unavailable) {
    Instant now = Instant.now();
    return new JobsOverview(
        catalog.all().stream()
            .map(
                job ->
                    new JobsOverview.JobStatus(
                        job,
                        byJob == null
                            ? null
                            : byJob.getOrDefault(job.name(), JobSummary.empty(job.name())),
                        scheduler.nextRun(job, now).orElse(null)))
            .toList(),
        unavailable);
  }

  /** Pauses or resumes a configured job on every replica; answers whether it is paused now. */
  public Uni<Boolean> setPaused(String name, boolean paused) {
    return runs.setPaused(job(name).name(), paused);
  }

  /** Runs a configured job now, with its own or the given number of products. */
  public Uni<JobRun> trigger(String name, Integer products) {
    JobDefinition job = job(name);
    if (products != null && (products < 1 || products > JobDefinition.MAX_PRODUCTS_PER_RUN)) {
      throw ProblemException.badRequest(
          "invalid-parameter",
          "Query parameter 'products' must be an integer between 1 and "
              + JobDefinition.MAX_PRODUCTS_PER_RUN);
    }
    return runner.trigger(job, products == null ? job.productsPerRun() : products);
  }

  /** A configured job by name: 400 for a malformed name, 404 for an unknown one. */
  public JobDefinition job(String name) {
    if (name == null || !JobDefinition.NAME.matcher(name).matches()) {
      throw ProblemException.badRequest(
          "invalid-job",
          "A job's name is 1 to 40 lower-case letters, digits or dashes, starting with a letter");
    }
    return catalog
        .find(name)
        .orElseThrow(
            () -> new ProblemException(404, "not-found", "Not Found", "No job named " + name));
  }
}

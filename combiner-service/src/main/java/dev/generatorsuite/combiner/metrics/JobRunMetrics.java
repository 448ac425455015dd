package dev.generatorsuite.combiner.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Counters of scheduled runs for Prometheus. Every change of a run goes through the combiner, so
 * these are complete; sum them over the combiner's replicas:
 *
 * <ul>
 *   <li>{@code generator_job_claims_total{job, result="won|already_claimed|paused"}}
 *   <li>{@code generator_job_runs_total{job, status="succeeded|failed|abandoned"}}: finished runs
 * </ul>
 */
@ApplicationScoped
public class JobRunMetrics {

  private final MeterRegistry registry;

  public JobRunMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void claimed(String job, String result) {
    counter("generator.job.claims", job, "result", result).increment();
  }

  public void finished(String job, String status) {
    counter("generator.job.runs", job, "status", status.toLowerCase(Locale.ROOT)).increment();
  }

  private Counter counter(String name, String job, String tag, String value) {
    return Counter.builder(name).tag("job", job).tag(tag, value).register(registry);
  }
}

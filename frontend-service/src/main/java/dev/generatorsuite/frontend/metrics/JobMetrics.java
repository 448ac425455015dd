package dev.generatorsuite.frontend.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * What each replica did with the ticks of the jobs, for Prometheus: {@code
 * generator_job_ticks_total{job, outcome="ran|lost|paused|error"}}. Summed over the replicas, the
 * {@code ran} count is the number of runs; the combiner counts runs by final status ({@code
 * generator_job_runs_total}).
 */
@ApplicationScoped
public class JobMetrics {

  private final MeterRegistry registry;

  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void tick(String job, Enum<?> outcome) {
    Counter.builder("generator.job.ticks")
        .tag("job", job)
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }
}

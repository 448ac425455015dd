package dev.generatorsuite.frontend.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything the frontend reads from configuration, under {@code frontend.*}. */
@ConfigMapping(prefix = "frontend")
public interface FrontendConfig {

  /** Rows per page of the history table. */
  @WithDefault("10")
  @Min(1)
  @Max(100)
  int historyPageSize();

  /**
   * Bound of one attempt of a call to int, float or combiner, in milliseconds. The fault-tolerance
   * {@code @Timeout} of the clients is configured from this value (see application.properties), so
   * error messages and the real bound never disagree.
   */
  @WithDefault("1000")
  @Min(1)
  long callTimeoutMs();

  /** Bound of each health and version probe shown in the status panel. */
  @WithDefault("1s")
  Duration statusTimeout();

  /**
   * How long the start-up may wait for the page's downstream calls made once to warm them up
   * ({@code PageWarmup}); 0 switches the warm-up off.
   */
  @WithDefault("5s")
  Duration warmupTimeout();

  /**
   * Scheduled jobs by name ({@code frontend.jobs.<name>.*}, or {@code FRONTEND_JOBS_<NAME>_EVERY}
   * and so on). Names are lower-case letters, digits and dashes, starting with a letter.
   */
  Map<String, Job> jobs();

  /** How this replica takes part in running the jobs. */
  JobRunner jobRunner();

  /** One scheduled job: exactly one of {@code every} and {@code cron}. */
  interface Job {
    /**
     * Runs at every multiple of this duration since the epoch (UTC), e.g. {@code 5s}, {@code 1h}.
     */
    Optional<Duration> every();

    /**
     * Runs at the times of this Quartz cron expression (seconds first), e.g. {@code 0 0 3 * * ?}.
     */
    Optional<String> cron();

    /** Products each run makes. */
    @WithDefault("1")
    @Min(1)
    @Max(100)
    int productsPerRun();

    /** A disabled job is listed but never scheduled; an operator may still trigger it. */
    @WithDefault("true")
    boolean enabled();
  }

  /** The replica's part in running jobs. */
  interface JobRunner {
    /**
     * This replica's name in claims: the container's host name in the stack. 1 to 64 letters,
     * digits, dots, dashes, colons or underscores.
     */
    @WithDefault("frontend")
    String owner();

    /**
     * How long a run may take before the combiner marks it abandoned; a run stops making products
     * when it comes close.
     */
    @WithDefault("120s")
    Duration lease();
  }
}

package dev.generatorsuite.combiner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Everything the combiner reads from configuration ({@code combiner.*}, or the matching {@code
 * COMBINER_*} environment variables). Invalid values stop the service at startup.
 */
@ConfigMapping(prefix = "combiner")
public interface CombinerConfig {

  /** The outcome rules. */
  Rules rules();

  /** Which inputs a client may combine. */
  Input input();

  /** Paging of {@code GET /api/products}. */
  Paging paging();

  /** How the service answers while the database is unavailable. */
  Database database();

  /** Runs of scheduled jobs: claims, leases, housekeeping. */
  Jobs jobs();

  /** The rehearsal of the write path before the service takes requests. */
  Warmup warmup();

  /** How concurrent keyed stores share transactions. */
  Writes writes();

  /**
   * Outcome thresholds on {@code |product|}: see {@code Thresholds}. Must satisfy 0 <= hit < crit.
   */
  interface Rules {
    /** {@code |product| >= hit-threshold} is at least a HIT. */
    @WithDefault("50")
    double hitThreshold();

    /** {@code |product| >= crit-threshold} is a CRIT. */
    @WithDefault("90")
    double critThreshold();
  }

  /** Inclusive input bounds. */
  interface Input {
    @WithDefault("-1000000")
    int intMin();

    @WithDefault("1000000")
    int intMax();

    @WithDefault("-1000000")
    double floatMin();

    @WithDefault("1000000")
    double floatMax();
  }

  /** Page sizes; the contract caps a page at 100 items. */
  interface Paging {
    /** The size of a page when the client gives none. */
    @WithDefault("20")
    @Min(1)
    @Max(100)
    int defaultSize();

    /** The largest size a client may ask for. */
    @WithDefault("100")
    @Min(1)
    @Max(100)
    int maxSize();
  }

  /** Answers while the database is down. */
  interface Database {
    /** The {@code Retry-After} of a 503 answer. */
    @WithDefault("5S")
    Duration retryAfter();
  }

  /** Runs of scheduled jobs ({@code /api/job-runs}). */
  interface Jobs {
    /** Finished runs older than this are deleted by the housekeeping. */
    @WithDefault("P7D")
    Duration retention();

    /** The longest lease a claim may ask for. */
    @WithDefault("1H")
    Duration maxLease();

    /**
     * How far from the combiner's clock a claimed tick may lie: a frontend whose clock is that far
     * off is refused instead of storing runs at a wrong time.
     */
    @WithDefault("1H")
    Duration tickWindow();

    /**
     * How often each replica marks runs whose lease ran out as failed and deletes runs past the
     * retention ({@code off} disables it; reads sweep anyway).
     */
    @WithDefault("30s")
    String housekeepingEvery();
  }

  /**
   * Before it listens, the service stores products in transactions it rolls back, so the first
   * requests of a new task (a rolling update under load) do not wait for class loading, the JIT and
   * new database connections. Bounded: a database that is down costs at most {@code max-duration}
   * of start-up.
   */
  interface Warmup {
    /** Rehearsals per thread; 0 switches the warm-up off. */
    @WithDefault("100")
    @Min(0)
    int rounds();

    /** Threads rehearsing at once (each holds a pooled connection). */
    @WithDefault("2")
    @Min(1)
    @Max(16)
    int threads();

    /** The warm-up stops after this long, done or not. */
    @WithDefault("10S")
    Duration maxDuration();
  }

  /**
   * Concurrent stores with an Idempotency-Key (every store of the frontend) are grouped into shared
   * transactions: one multi-row INSERT and one commit for all that arrived while the previous
   * batches were being written (GroupCommit). A lone store is written at once, alone.
   */
  interface Writes {
    /** Batches in flight at once, each with its own connection and transaction. */
    @WithDefault("2")
    @Min(1)
    @Max(64)
    int concurrentBatches();

    /** The most stores in one batch; 1 writes every store in its own transaction. */
    @WithDefault("64")
    @Min(1)
    @Max(1000)
    int maxBatchSize();
  }
}

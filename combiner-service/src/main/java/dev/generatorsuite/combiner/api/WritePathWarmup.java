package dev.generatorsuite.combiner.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.generatorsuite.combiner.config.CombinerConfig;
import dev.generatorsuite.combiner.domain.Combination;
import dev.generatorsuite.combiner.domain.RulesEngine;
import dev.generatorsuite.combiner.persistence.ProductEntity;
import dev.generatorsuite.combiner.persistence.ProductRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Rehearses {@code POST /api/products} before the service listens (start-up observers run before
 * the HTTP server opens its port): a JSON body is read, the rules combine it, both inserts run in a
 * transaction that is rolled back, and the answer is written as JSON. A new task of a rolling
 * update then meets its first requests with the write path loaded, partly compiled and with pooled
 * connections; without it, those requests waited seconds on a busy machine and timed out in the
 * frontend. Nothing is stored. A failure (the database down) ends the warm-up early; it never stops
 * the service from starting.
 */
@ApplicationScoped
class WritePathWarmup {

  private static final Logger LOG = Logger.getLogger(WritePathWarmup.class);

  private final CombinerConfig.Warmup config;
  private final RulesEngine rules;
  private final ProductRepository repository;
  private final ObjectMapper json;

  WritePathWarmup(
      CombinerConfig config, RulesEngine rules, ProductRepository repository, ObjectMapper json) {
    this.config = config.warmup();
    this.rules = rules;
    this.repository = repository;
    this.json = json;
  }

  void onStart(@Observes StartupEvent event) {
    if (config.rounds() > 0) {
      run(config.rounds(), config.threads(), config.maxDuration());
    }
  }

  /**
   * Runs {@code rounds} rehearsals on each of {@code threadCount} threads, within {@code
   * maxDuration}.
   *
   * @return how many rehearsals completed
   */
  int run(int rounds, int threadCount, Duration maxDuration) {
    long start = System.nanoTime();
    long deadline = start + maxDuration.toNanos();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Exception> failure = new AtomicReference<>();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            threadCount,
            task -> {
              Thread thread = new Thread(task, "write-path-warmup");
              thread.setDaemon(true);
              return thread;
            });
    for (int t = 0; t < threadCount; t++) {
      int first = t * rounds;
      threads.execute(
          () -> {
            for (int round = first; round < first + rounds; round++) {
              if (failure.get() != null || System.nanoTime() > deadline) {
                return;
              }
              try {
                rehearse(round);
                done.incrementAndGet();
              } catch (Exception e) {
                failure.compareAndSet(null, e);
              }
            }
          });
    }
    threads.shutdown();
    try {
      if (!threads.awaitTermination(
          Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        // A rehearsal stuck on the database: start without it, it rolls back when it ends.
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    int planned = rounds * threadCount;
    if (failure.get() != null) {
      LOG.warnf(
          "Write path warm-up stopped after %d of %d rehearsals in %d ms: %s",
          done.get(), planned, millis, failure.get().toString());
    } else if (done.get() < planned) {
      LOG.warnf(
          "Write path warm-up stopped at its deadline after %d of %d rehearsals (%d ms)",
          done.get(), planned, millis);
    } else {
      LOG.infof(
          "Write path warmed up: %d rehearsals (nothing stored) on %d threads in %d ms",
          planned, threadCount, millis);
    }
    return done.get();
  }

  /** One request's work, with values that reach every outcome (|product| from 0 to 90). */
  private void rehearse(int round) throws JsonProcessingException {
    String body =
        String.format(
            Locale.ROOT,
            "{\"intValue\":%d,\"floatValue\":%.1f}",
            round % 21 - 10,
            (round % 13) * 1.5 - 9);
    ProductRequest request = json.readValue(body, ProductRequest.class);
    Combination combination = rules.combine(request.intValue(), request.floatValue());
    ProductEntity row =
        repository.rehearseStores(
            combination, "warm-up-" + UUID.randomUUID(), request.fingerprint());
    json.writeValueAsString(ProductResponse.of(row));
  }
}

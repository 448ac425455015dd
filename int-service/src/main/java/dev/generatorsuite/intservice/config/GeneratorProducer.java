package dev.generatorsuite.intservice.config;

import dev.generatorsuite.intservice.domain.IntGenerator;
import dev.generatorsuite.intservice.domain.IntLimits;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Wires the plain-Java generator from the configuration. */
@ApplicationScoped
public class GeneratorProducer {

  /**
   * The random source shared by all request threads. Each call asks {@link
   * ThreadLocalRandom#current()} of the calling thread, which is fast and never contended; holding
   * one {@code ThreadLocalRandom} (or a {@code SplittableRandom}) and sharing it between threads
   * would not be safe. Every other method of {@link RandomGenerator} derives from {@code nextLong}.
   * Application-scoped (a client proxy), so tests can swap in a seeded source with {@code
   * QuarkusMock}.
   */
  @Produces
  @ApplicationScoped
  RandomGenerator randomGenerator() {
    return () -> ThreadLocalRandom.current().nextLong();
  }

  /** Created at startup, so that a configuration the generator rejects stops the service. */
  @Produces
  @Singleton
  @Startup
  IntGenerator intGenerator(IntGeneratorConfig config, RandomGenerator random) {
    return new IntGenerator(
        random, new IntLimits(config.defaultMin(), config.defaultMax(), config.maxWidth()));
  }
}

package dev.generatorsuite.combiner.config;

import dev.generatorsuite.combiner.domain.InputBounds;
import dev.generatorsuite.combiner.domain.JobRules;
import dev.generatorsuite.combiner.domain.RulesEngine;
import dev.generatorsuite.combiner.domain.Thresholds;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Builds the domain rules from {@link CombinerConfig} and checks the configuration at startup, so a
 * wrong threshold or bound stops the service instead of surfacing in the first request.
 */
@ApplicationScoped
public class RulesConfiguration {

  @Produces
  @Singleton
  RulesEngine rulesEngine(CombinerConfig config) {
    CombinerConfig.Rules rules = config.rules();
    CombinerConfig.Input input = config.input();
    return new RulesEngine(
        new Thresholds(rules.hitThreshold(), rules.critThreshold()),
        new InputBounds(input.intMin(), input.intMax(), input.floatMin(), input.floatMax()));
  }

  @Produces
  @Singleton
  JobRules jobRules(CombinerConfig config) {
    return new JobRules(config.jobs().maxLease(), config.jobs().tickWindow());
  }

  void checkAtStartup(
      @Observes StartupEvent event, CombinerConfig config, RulesEngine rules, JobRules jobRules) {
    // Injecting the engine and the job rules builds them, which validates their settings.
    CombinerConfig.Paging paging = config.paging();
    if (paging.defaultSize() > paging.maxSize()) {
      throw new IllegalArgumentException(
          "combiner.paging.default-size ("
              + paging.defaultSize()
              + ") must not exceed combiner.paging.max-size ("
              + paging.maxSize()
              + ")");
    }
    if (config.database().retryAfter().isNegative()) {
      throw new IllegalArgumentException("combiner.database.retry-after must not be negative");
    }
    if (config.jobs().retention().compareTo(java.time.Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("combiner.jobs.retention must be at least 1 minute");
    }
  }
}

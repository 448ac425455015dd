package dev.generatorsuite.intservice.config;

import io.smallrye.config.ConfigMapping;

/**
 * The generator's settings, {@code int-generator.*} in {@code application.properties}; each can be
 * overridden from the environment, e.g. {@code INT_GENERATOR_MAX_WIDTH}.
 */
@ConfigMapping(prefix = "int-generator")
public interface IntGeneratorConfig {

  /** The lower bound when a request gives no {@code min}. */
  int defaultMin();

  /** The upper bound when a request gives no {@code max}. */
  int defaultMax();

  /** The largest {@code max - min} a request may ask for; 4294967295 allows every int range. */
  long maxWidth();
}

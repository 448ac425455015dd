package dev.generatorsuite.frontend.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

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
}

package dev.generatorsuite.commons.requestid;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * The access log: one INFO line per request that failed or was slow (or per request, with {@code
 * every-request}), with the request id in the MDC. Set through the environment: {@code
 * ACCESS_LOG_ENABLED}, {@code ACCESS_LOG_EVERY_REQUEST}, {@code ACCESS_LOG_SLOW_THRESHOLD}, {@code
 * ACCESS_LOG_EXCLUDED_PATHS}.
 */
@ConfigMapping(prefix = "access-log")
public interface AccessLogConfig {

  /** Whether access lines are logged at all; the request id is handled either way. */
  @WithDefault("true")
  boolean enabled();

  /**
   * A line for every request, not only for the failed and slow ones. Off by default: nginx logs
   * every request already, and a line per request in each of the four services cost a sixth to a
   * third of the Generate flow's throughput (bench/OPTIMISATIONS.md).
   */
  @WithDefault("false")
  boolean everyRequest();

  /** A request that took at least this long gets a line even when it succeeded. */
  @WithDefault("500ms")
  Duration slowThreshold();

  /**
   * Path prefixes that are not logged: health checks and metrics scrapes come every few seconds and
   * tell nothing about a user's request.
   */
  @WithDefault("/q/health,/q/metrics")
  List<String> excludedPaths();
}

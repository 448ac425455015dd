package dev.generatorsuite.commons.requestid;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * The access log: one INFO line per request, with the request id in the MDC. Set through the
 * environment: {@code ACCESS_LOG_ENABLED}, {@code ACCESS_LOG_EXCLUDED_PATHS}.
 */
@ConfigMapping(prefix = "access-log")
public interface AccessLogConfig {

  /** Whether a line is logged per request; the request id is handled either way. */
  @WithDefault("true")
  boolean enabled();

  /**
   * Path prefixes that are not logged: health checks and metrics scrapes come every few seconds and
   * tell nothing about a user's request.
   */
  @WithDefault("/q/health,/q/metrics")
  List<String> excludedPaths();
}

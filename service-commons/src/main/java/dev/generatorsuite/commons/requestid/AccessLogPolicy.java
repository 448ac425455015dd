package dev.generatorsuite.commons.requestid;

import java.time.Duration;
import java.util.List;

/** Which requests get an access line, from {@link AccessLogConfig}. */
final class AccessLogPolicy {

  private final boolean enabled;
  private final boolean everyRequest;
  private final long slowNanos;
  private final List<String> excludedPaths;

  AccessLogPolicy(
      boolean enabled, boolean everyRequest, Duration slowThreshold, List<String> excludedPaths) {
    this.enabled = enabled;
    this.everyRequest = everyRequest;
    this.slowNanos = slowThreshold.toNanos();
    this.excludedPaths = List.copyOf(excludedPaths);
  }

  static AccessLogPolicy of(AccessLogConfig config) {
    return new AccessLogPolicy(
        config.enabled(), config.everyRequest(), config.slowThreshold(), config.excludedPaths());
  }

  /** Whether a request to this path may get a line at all (decided when it arrives). */
  boolean covers(String path) {
    if (!enabled) {
      return false;
    }
    for (String prefix : excludedPaths) {
      if (path.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a covered request gets a line, once it ended: every request, or one answered 4xx or
   * 5xx, cut off before its answer was sent, or slower than the threshold.
   */
  boolean logs(int status, long elapsedNanos, boolean completed) {
    return everyRequest || status >= 400 || !completed || elapsedNanos >= slowNanos;
  }
}

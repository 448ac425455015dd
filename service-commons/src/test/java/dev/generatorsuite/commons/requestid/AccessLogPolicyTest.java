package dev.generatorsuite.commons.requestid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogPolicyTest {

  private static final long FAST = Duration.ofMillis(3).toNanos();
  private static final long SLOW = Duration.ofMillis(500).toNanos();
  private static final List<String> EXCLUDED = List.of("/q/health", "/q/metrics");

  private static AccessLogPolicy policy(boolean enabled, boolean everyRequest) {
    return new AccessLogPolicy(enabled, everyRequest, Duration.ofMillis(500), EXCLUDED);
  }

  @Test
  void logsFailedCutOffAndSlowRequestsOnly() {
    AccessLogPolicy policy = policy(true, false);

    assertThat(policy.logs(200, FAST, true)).isFalse();
    assertThat(policy.logs(201, SLOW - 1, true)).isFalse();
    assertThat(policy.logs(201, SLOW, true)).isTrue();
    assertThat(policy.logs(399, FAST, true)).isFalse();
    assertThat(policy.logs(400, FAST, true)).isTrue();
    assertThat(policy.logs(503, FAST, true)).isTrue();
    assertThat(policy.logs(200, FAST, false)).isTrue();
  }

  @Test
  void logsEveryRequestWhenAskedTo() {
    assertThat(policy(true, true).logs(200, FAST, true)).isTrue();
  }

  @Test
  void coversNothingWhenDisabledAndNoExcludedPath() {
    assertThat(policy(true, false).covers("/api/int")).isTrue();
    assertThat(policy(true, false).covers("/q/health/ready")).isFalse();
    assertThat(policy(true, false).covers("/q/metrics")).isFalse();
    assertThat(policy(false, true).covers("/api/int")).isFalse();
  }
}

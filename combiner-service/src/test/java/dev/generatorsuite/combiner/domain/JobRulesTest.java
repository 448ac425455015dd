package dev.generatorsuite.combiner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.generatorsuite.commons.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobRulesTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final JobRules rules = new JobRules(Duration.ofMinutes(10), Duration.ofHours(1));

  @ParameterizedTest
  @ValueSource(strings = {"a", "nightly", "every-5s", "a234567890123456789012345678901234567890"})
  void acceptsJobNames(String name) {
    assertThat(JobRules.jobName("Field 'job'", name)).isEqualTo(name);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "Nightly",
        "5s",
        "-a",
        "a b",
        "a_b",
        "a/b",
        "a2345678901234567890123456789012345678901"
      })
  void rejectsJobNames(String name) {
    assertThatThrownBy(() -> JobRules.jobName("Field 'job'", name))
        .isInstanceOf(ProblemException.class)
        .hasMessageStartingWith("Field 'job' must be")
        .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
  }

  @Test
  void showsOnlyTheStartOfAHugeValue() {
    assertThatThrownBy(() -> JobRules.jobName("Field 'job'", "X".repeat(5000)))
        .hasMessageEndingWith("...'")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }

  @ParameterizedTest
  @ValueSource(strings = {"frontend-1", "a1b2c3d4e5f6", "host.example:8080", "x_y"})
  void acceptsOwners(String owner) {
    assertThat(JobRules.owner(owner)).isEqualTo(owner);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " x", "-x", "a b", "ä"})
  void rejectsOwners(String owner) {
    assertThatThrownBy(() -> JobRules.owner(owner)).hasMessageStartingWith("Field 'owner'");
    assertThatThrownBy(() -> JobRules.owner("o".repeat(65))).hasMessageStartingWith("Field");
  }

  @Test
  void acceptsTicksWithinTheWindowUpToMilliseconds() {
    assertThat(rules.scheduledAt("2025-06-01T12:00:05Z", NOW))
        .isEqualTo(Instant.parse("2025-06-01T12:00:05Z"));
    assertThat(rules.scheduledAt("2025-06-01T11:00:00.123Z", NOW))
        .isEqualTo(Instant.parse("2025-06-01T11:00:00.123Z"));
    assertThat(rules.scheduledAt("2025-06-01T13:00:00Z", NOW)).isAfter(NOW);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "2025-06-01",
        "2025-06-01T12:00:00",
        "1748779200",
        "2025-06-01T12:00:00.0001Z",
        "2025-06-01T13:00:01Z",
        "2025-06-01T10:59:59Z",
        "+10000-01-01T00:00:00Z"
      })
  void rejectsTicks(String raw) {
    assertThatThrownBy(() -> rules.scheduledAt(raw, NOW))
        .isInstanceOf(ProblemException.class)
        .hasMessageStartingWith("Field 'scheduledAt' must");
  }

  @Test
  void checksTheLease() {
    assertThat(rules.leaseSeconds(1)).isEqualTo(1);
    assertThat(rules.leaseSeconds(600)).isEqualTo(600);
    for (Integer bad : new Integer[] {null, 0, -1, 601}) {
      assertThatThrownBy(() -> rules.leaseSeconds(bad))
          .hasMessage("Field 'leaseSeconds' must be an integer between 1 and 600");
    }
  }

  @Test
  void acceptsResults() {
    JobRules.result(JobRunStatus.SUCCEEDED, 5, null);
    JobRules.result(JobRunStatus.FAILED, 0, "int-service is unavailable: connection refused");
    JobRules.result(JobRunStatus.FAILED, 3, "e".repeat(1000));
  }

  @Test
  void rejectsResults() {
    assertThatThrownBy(() -> JobRules.result(null, 1, null)).hasMessageContaining("'status'");
    assertThatThrownBy(() -> JobRules.result(JobRunStatus.RUNNING, 1, null))
        .hasMessageContaining("'status'");
    assertThatThrownBy(() -> JobRules.result(JobRunStatus.SUCCEEDED, null, null))
        .hasMessageContaining("'productsMade'");
    assertThatThrownBy(() -> JobRules.result(JobRunStatus.SUCCEEDED, -1, null))
        .hasMessageContaining("'productsMade'");
    assertThatThrownBy(() -> JobRules.result(JobRunStatus.SUCCEEDED, 1_000_001, null))
        .hasMessageContaining("'productsMade'");
    assertThatThrownBy(() -> JobRules.result(JobRunStatus.FAILED, 0, " "))
        .hasMessage("Field 'error' is required when the status is FAILED");
    assertThatThrownBy(() -> JobRules.result(JobRunStatus.SUCCEEDED, 0, "oops"))
        .hasMessage("Field 'error' must be absent when the status is SUCCEEDED");
    assertThatThrownBy(() -> JobRules.result(JobRunStatus.FAILED, 0, "e".repeat(1001)))
        .hasMessage("Field 'error' must be at most 1000 characters");
  }

  @Test
  void checksLimits() {
    assertThat(JobRules.limit("limit", null, 20, 100)).isEqualTo(20);
    assertThat(JobRules.limit("limit", 1, 20, 100)).isEqualTo(1);
    assertThat(JobRules.limit("limit", 100, 20, 100)).isEqualTo(100);
    assertThatThrownBy(() -> JobRules.limit("limit", 0, 20, 100))
        .hasMessage("Query parameter 'limit' must be an integer between 1 and 100");
    assertThatThrownBy(() -> JobRules.limit("limit", 101, 20, 100)).isNotNull();
  }

  @Test
  void refusesSettingsBelowOneSecond() {
    assertThatThrownBy(() -> new JobRules(Duration.ofMillis(999), Duration.ofHours(1)))
        .hasMessageContaining("max-lease");
    assertThatThrownBy(() -> new JobRules(Duration.ofMinutes(1), Duration.ZERO))
        .hasMessageContaining("tick-window");
    assertThat(new JobRules(Duration.ofSeconds(1), Duration.ofSeconds(1)).maxLease())
        .isEqualTo(Duration.ofSeconds(1));
  }
}

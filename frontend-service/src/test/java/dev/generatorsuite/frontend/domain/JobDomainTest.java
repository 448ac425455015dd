package dev.generatorsuite.frontend.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain rules of scheduled jobs, without Quarkus. */
class JobDomainTest {

  @Test
  void intervalTicksAreMultiplesOfTheIntervalSinceTheEpoch() {
    IntervalTicker ticker = new IntervalTicker(Duration.ofSeconds(5));

    assertThat(ticker.tickAt(Instant.parse("2025-01-01T00:00:07.900Z")))
        .isEqualTo(Instant.parse("2025-01-01T00:00:05Z"));
    assertThat(ticker.tickAt(Instant.parse("2025-01-01T00:00:10Z")))
        .isEqualTo(Instant.parse("2025-01-01T00:00:10Z"));
    assertThat(ticker.nextAfter(Instant.parse("2025-01-01T00:00:07Z")))
        .isEqualTo(Instant.parse("2025-01-01T00:00:10Z"));
    // Before the epoch too, rounding down.
    assertThat(ticker.tickAt(Instant.parse("1969-12-31T23:59:58Z")))
        .isEqualTo(Instant.parse("1969-12-31T23:59:55Z"));
  }

  @Test
  void replicasWithClocksApartAgreeOnTheTick() {
    IntervalTicker a = new IntervalTicker(Duration.ofSeconds(5));
    IntervalTicker b = new IntervalTicker(Duration.ofSeconds(5));
    Instant start = Instant.parse("2025-01-01T00:00:00.500Z");
    a.due(start);
    b.due(start.plusMillis(300));

    // b's clock is 300 ms ahead: both see the tick at :05, at different moments.
    assertThat(a.due(Instant.parse("2025-01-01T00:00:05.100Z")))
        .containsExactly(Instant.parse("2025-01-01T00:00:05Z"));
    assertThat(b.due(Instant.parse("2025-01-01T00:00:05.400Z")))
        .containsExactly(Instant.parse("2025-01-01T00:00:05Z"));
  }

  @Test
  void aCheckALittleLateStillAnswersTheTickItSkipped() {
    IntervalTicker ticker = new IntervalTicker(Duration.ofSeconds(1));
    ticker.due(Instant.parse("2025-01-01T00:00:09.999Z"));

    assertThat(ticker.due(Instant.parse("2025-01-01T00:00:10.999Z")))
        .containsExactly(Instant.parse("2025-01-01T00:00:10Z"));
    // 1.002 s later: tick :11 passed between the two checks.
    assertThat(ticker.due(Instant.parse("2025-01-01T00:00:12.001Z")))
        .containsExactly(
            Instant.parse("2025-01-01T00:00:11Z"), Instant.parse("2025-01-01T00:00:12Z"));
    assertThat(ticker.due(Instant.parse("2025-01-01T00:00:12.999Z"))).isEmpty();
  }

  @Test
  void eachTickIsDueOnceAndNotAtTheFirstLook() {
    IntervalTicker ticker = new IntervalTicker(Duration.ofSeconds(5));

    assertThat(ticker.due(Instant.parse("2025-01-01T00:00:03Z"))).isEmpty();
    assertThat(ticker.due(Instant.parse("2025-01-01T00:00:04Z"))).isEmpty();
    assertThat(ticker.due(Instant.parse("2025-01-01T00:00:05.010Z")))
        .containsExactly(Instant.parse("2025-01-01T00:00:05Z"));
    assertThat(ticker.due(Instant.parse("2025-01-01T00:00:06Z"))).isEmpty();
    // A clock stepping back a little repeats nothing.
    assertThat(ticker.due(Instant.parse("2025-01-01T00:00:04.900Z"))).isEmpty();
    // After a stall, the latest tick is due (the skipped ones belong to other replicas).
    assertThat(ticker.due(Instant.parse("2025-01-01T00:00:21Z")))
        .containsExactly(Instant.parse("2025-01-01T00:00:20Z"));
    assertThatThrownBy(() -> new IntervalTicker(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysDependOnJobTickAndIndexOnly() {
    Instant tick = Instant.parse("2025-01-01T00:00:05Z");

    assertThat(JobKeys.idempotencyKey("batch", tick, 0)).isEqualTo("job:batch:1735689605000:0");
    assertThat(JobKeys.idempotencyKey("batch", tick, 0))
        .isEqualTo(JobKeys.idempotencyKey("batch", tick, 0))
        .isNotEqualTo(JobKeys.idempotencyKey("batch", tick, 1))
        .isNotEqualTo(JobKeys.idempotencyKey("batch", tick.plusMillis(1), 0))
        .isNotEqualTo(JobKeys.idempotencyKey("other", tick, 0));
    String longest =
        JobKeys.idempotencyKey("a".repeat(40), Instant.parse("2999-12-31T23:59:59.999Z"), 99);
    assertThat(longest).hasSizeLessThanOrEqualTo(IdempotencyKeys.MAX_LENGTH);
  }

  @Test
  void definitionsAreChecked() {
    JobDefinition every = new JobDefinition("batch", Duration.ofMinutes(90), null, 2, true);
    assertThat(every.scheduleText()).isEqualTo("every 90m");
    assertThat(new JobDefinition("n", null, "0 0 3 * * ?", 1, false).scheduleText())
        .isEqualTo("cron 0 0 3 * * ?");
    assertThat(JobDefinition.humanDuration(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(JobDefinition.humanDuration(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(JobDefinition.humanDuration(Duration.ofDays(1))).isEqualTo("1d");

    assertThatThrownBy(() -> new JobDefinition("Bad", Duration.ofSeconds(5), null, 1, true))
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> new JobDefinition("j", null, null, 1, true))
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> new JobDefinition("j", Duration.ofSeconds(5), "* * * * * ?", 1, true))
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> new JobDefinition("j", Duration.ofMillis(1500), null, 1, true))
        .hasMessageContaining("whole number of seconds");
    assertThatThrownBy(() -> new JobDefinition("j", Duration.ofSeconds(5), null, 0, true))
        .hasMessageContaining("products-per-run");
    assertThatThrownBy(() -> new JobDefinition("j", Duration.ofSeconds(5), null, 101, true))
        .hasMessageContaining("products-per-run");
  }

  @Test
  void theCatalogSortsJobsAndChecksTheRunnerSettings() {
    List<JobDefinition> configured =
        List.of(
            new JobDefinition("zeta", Duration.ofSeconds(5), null, 1, true),
            new JobDefinition("alpha", null, "0 * * * * ?", 1, true));

    JobCatalog catalog = new JobCatalog(configured, "host-1", 60);

    assertThat(catalog.all()).extracting(JobDefinition::name).containsExactly("alpha", "zeta");
    assertThat(catalog.find("zeta")).isPresent();
    assertThat(catalog.find("nope")).isEmpty();
    assertThat(catalog.owner()).isEqualTo("host-1");
    assertThat(catalog.leaseSeconds()).isEqualTo(60);
    assertThatThrownBy(() -> new JobCatalog(configured, "bad owner", 60))
        .hasMessageContaining("owner");
    assertThatThrownBy(() -> new JobCatalog(configured, "host-1", 9)).hasMessageContaining("lease");
    assertThatThrownBy(() -> new JobCatalog(configured, "host-1", 3601))
        .hasMessageContaining("lease");
  }

  @Test
  void describesFailuresInOneLine() {
    assertThat(
            JobRunner.describe(
                new DownstreamUnavailableException("int-service", "connection refused")))
        .isEqualTo("int-service is unavailable: connection refused");
    assertThat(JobRunner.describe(new IllegalArgumentException("boom")))
        .isEqualTo("unexpected IllegalArgumentException: boom");
    assertThat(JobRunner.describe(new IllegalStateException("x".repeat(2000)))).hasSize(1000);
  }
}

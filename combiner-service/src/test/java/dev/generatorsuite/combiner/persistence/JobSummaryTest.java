package dev.generatorsuite.combiner.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.generatorsuite.combiner.domain.JobRunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSummaryTest {

  @Test
  void theSuccessRateCountsFinishedRunsOnly() {
    assertThat(summary(0, 0, 0).successRate()).isNull();
    assertThat(summary(3, 0, 0).successRate()).isNull();
    assertThat(summary(1, 3, 1).successRate()).isEqualTo(0.75);
    assertThat(summary(0, 0, 2).successRate()).isEqualTo(0.0);
    assertThat(summary(0, 5, 0).successRate()).isEqualTo(1.0);
  }

  private static JobSummary summary(long running, long succeeded, long failed) {
    return new JobSummary(
        "job",
        false,
        Map.of(
            JobRunStatus.RUNNING, running,
            JobRunStatus.SUCCEEDED, succeeded,
            JobRunStatus.FAILED, failed),
        List.of(),
        null);
  }
}

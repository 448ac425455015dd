package dev.generatorsuite.combiner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationRulesTest {

  @ParameterizedTest(name = "hit={0}, crit={1}")
  @CsvSource({"90, 50", "50, 50", "-1, 10", "NaN, 10", "1, Infinity"})
  void rejectsThresholdsThatAreNotOrdered(double hit, double crit) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Thresholds(hit, crit))
        .withMessageContaining("thresholds");
  }

  @Test
  void aZeroHitThresholdMakesEveryProductAtLeastAHit() {
    Thresholds thresholds = new Thresholds(0, 1);

    assertThat(thresholds.classify(0.0)).isEqualTo(Outcome.HIT);
    assertThat(thresholds.classify(-0.5)).isEqualTo(Outcome.HIT);
    assertThat(thresholds.classify(-1.0)).isEqualTo(Outcome.CRIT);
  }

  @Test
  void rejectsBoundsWhoseMinimumExceedsTheMaximum() {
    assertThatIllegalArgumentException().isThrownBy(() -> new InputBounds(5, 4, 0, 1));
    assertThatIllegalArgumentException().isThrownBy(() -> new InputBounds(0, 1, 2.0, 1.0));
  }

  @Test
  void rejectsFloatBoundsThatAreNotFinite() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new InputBounds(0, 1, Double.NEGATIVE_INFINITY, 1.0));
    assertThatIllegalArgumentException().isThrownBy(() -> new InputBounds(0, 1, 0.0, Double.NaN));
  }

  @Test
  void boundsAreInclusive() {
    InputBounds bounds = new InputBounds(-2, 2, -0.5, 0.5);

    assertThat(bounds.acceptsInt(-2)).isTrue();
    assertThat(bounds.acceptsInt(2)).isTrue();
    assertThat(bounds.acceptsInt(3)).isFalse();
    assertThat(bounds.acceptsFloat(0.5)).isTrue();
    assertThat(bounds.acceptsFloat(-0.5)).isTrue();
    assertThat(bounds.acceptsFloat(0.5000001)).isFalse();
    assertThat(bounds.acceptsFloat(Double.NaN)).isFalse();
  }
}

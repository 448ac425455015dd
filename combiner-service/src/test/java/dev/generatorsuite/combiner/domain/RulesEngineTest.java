package dev.generatorsuite.combiner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.generatorsuite.commons.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesEngineTest {

  private final RulesEngine engine =
      new RulesEngine(new Thresholds(50, 90), new InputBounds(-1000, 1000, -100.0, 100.0));

  @ParameterizedTest(name = "{0} * {1} = {2} -> {3}")
  @CsvSource({
    "7, 12.5, 87.5, HIT",
    "0, 99.0, 0.0, MISS",
    "1, 49.999, 49.999, MISS",
    "1, 50.0, 50.0, HIT",
    "2, 25.0, 50.0, HIT",
    "1, 89.999, 89.999, HIT",
    "1, 90.0, 90.0, CRIT",
    "3, 30.0, 90.0, CRIT",
    "1000, 100.0, 100000.0, CRIT",
    "-1, 50.0, -50.0, HIT",
    "-1, 49.5, -49.5, MISS",
    "10, -9.0, -90.0, CRIT",
    "-10, -9.0, 90.0, CRIT",
  })
  void combinesAndClassifies(int intValue, double floatValue, double product, Outcome outcome) {
    Combination combination = engine.combine(intValue, floatValue);

    assertThat(combination.intValue()).isEqualTo(intValue);
    assertThat(combination.floatValue()).isEqualTo(floatValue);
    assertThat(combination.product()).isEqualTo(product);
    assertThat(combination.outcome()).isEqualTo(outcome);
  }

  @Test
  void aNegativeZeroProductIsStoredAsZero() {
    assertThat(Double.doubleToRawLongBits(engine.combine(-3, 0.0).product()))
        .isEqualTo(Double.doubleToRawLongBits(0.0));
  }

  @Test
  void acceptsTheBoundsThemselves() {
    assertThat(engine.combine(-1000, -100.0).product()).isEqualTo(100000.0);
    assertThat(engine.combine(1000, 100.0).outcome()).isEqualTo(Outcome.CRIT);
  }

  @ParameterizedTest
  @CsvSource({"-1001, 1.0", "1001, 1.0", "1, -100.0001", "1, 100.0001"})
  void rejectsInputsOutsideTheBounds(int intValue, double floatValue) {
    assertThatThrownBy(() -> engine.combine(intValue, floatValue))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.toProblem().type()).endsWith(":out-of-bounds");
            })
        .hasMessageContaining("must be between");
  }

  @ParameterizedTest
  @CsvSource({"NaN", "Infinity", "-Infinity"})
  void rejectsANonFiniteFloat(double floatValue) {
    assertThatThrownBy(() -> engine.combine(1, floatValue))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.toProblem().type()).endsWith(":not-finite"));
  }

  @Test
  void rejectsAProductThatIsNotFinite() {
    RulesEngine wide =
        new RulesEngine(
            new Thresholds(1, 2),
            new InputBounds(
                Integer.MIN_VALUE, Integer.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE));

    assertThatThrownBy(() -> wide.combine(2, Double.MAX_VALUE))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.getMessage()).contains("not a finite number");
            });
    assertThat(wide.combine(1, Double.MAX_VALUE).outcome()).isEqualTo(Outcome.CRIT);
  }
}

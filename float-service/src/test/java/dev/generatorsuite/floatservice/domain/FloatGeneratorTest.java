package dev.generatorsuite.floatservice.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.generatorsuite.commons.problem.ProblemException;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FloatGeneratorTest {

  private static final FloatLimits LIMITS = new FloatLimits(0, 1, null, 1e12);

  /** Chi-square critical values at p = 0.001. */
  private static final double CHI_SQUARE_DF9_P001 = 27.877;

  private static final double CHI_SQUARE_DF19_P001 = 43.820;

  @Test
  void drawsFromTheDefaultRangeWhenNothingIsGiven() {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(1), LIMITS);
    for (int i = 0; i < 1_000; i++) {
      FloatDraw draw = generator.draw(null, null, null);
      assertThat(draw.min()).isEqualTo(0.0);
      assertThat(draw.max()).isEqualTo(1.0);
      assertThat(draw.scale()).isNull();
      assertThat(draw.value()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }
  }

  @Test
  void usesTheConfiguredDefaultScale() {
    FloatGenerator generator =
        new FloatGenerator(new SplittableRandom(2), new FloatLimits(0, 1, 2, 1e12));
    FloatDraw draw = generator.draw(null, null, null);
    assertThat(draw.scale()).isEqualTo(2);
    assertThat(decimalPlaces(draw.value())).isLessThanOrEqualTo(2);
    assertThat(generator.draw(null, null, 5).scale()).isEqualTo(5);
  }

  @Test
  void defaultsOnlyTheMissingBound() {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(3), LIMITS);
    FloatDraw onlyMin = generator.draw(0.5, null, null);
    assertThat(onlyMin.min()).isEqualTo(0.5);
    assertThat(onlyMin.max()).isEqualTo(1.0);
    FloatDraw onlyMax = generator.draw(null, 10.0, null);
    assertThat(onlyMax.min()).isEqualTo(0.0);
    assertThat(onlyMax.max()).isEqualTo(10.0);
  }

  @ParameterizedTest(name = "[{0}, {1})")
  @CsvSource({
    "0, 1",
    "-5, 5",
    "-1e12, 1e12",
    "999999999999, 1e12",
    "-1e12, -999999999999",
    "0.1, 0.2",
    "1, 1.0000000000000002",
    "-4.9E-324, 0"
  })
  void staysInTheHalfOpenRangeAndFinite(double min, double max) {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(4), LIMITS);
    for (int i = 0; i < 10_000; i++) {
      double value = generator.draw(min, max, null).value();
      assertThat(Double.isFinite(value)).isTrue();
      assertThat(value).isGreaterThanOrEqualTo(min).isLessThan(max);
    }
  }

  @ParameterizedTest(name = "[{0}, {1})")
  @CsvSource({"0, 1", "-5, 5", "999999999999, 1e12", "-1e12, 1e12", "1, 1.0000000000000002"})
  void neverReturnsMaxEvenWhenTheRandomSourceGivesItsLargestValue(double min, double max) {
    // nextDouble() of this source is 1 - 2^-53, so min + u * (max - min) rounds up to max for
    // some of these ranges: the generator must still answer less than max.
    FloatGenerator generator = new FloatGenerator(new Extreme(false), LIMITS);
    double value = generator.draw(min, max, null).value();
    assertThat(value).isLessThan(max).isGreaterThanOrEqualTo(min);
  }

  @Test
  void theLowestRandomValueGivesMin() {
    FloatGenerator generator = new FloatGenerator(new Extreme(true), LIMITS);
    assertThat(generator.draw(-5.0, 5.0, null).value()).isEqualTo(-5.0);
    assertThat(generator.draw(0.123, 0.5, 2).value()).isEqualTo(0.13);
  }

  @ParameterizedTest(name = "[{0}, {1}) scale {2} -> {3}")
  @CsvSource({
    "0, 1, 2, 0.99",
    "0, 1, 0, 0",
    "0.1, 0.2, 1, 0.1",
    "-5, 5, 3, 4.999",
    "-1, -0.5, 1, -0.6",
    "0.123, 0.5, 2, 0.49",
    "0.1, 0.1000000001, 10, 0.1",
    "999999999999, 1e12, 3, 999999999999.999",
  })
  void theHighestRoundedValueIsBelowMax(double min, double max, int scale, double expected) {
    FloatGenerator generator = new FloatGenerator(new Extreme(false), LIMITS);
    assertThat(generator.draw(min, max, scale).value()).isEqualTo(expected);
  }

  @Test
  void roundingNeverReachesMaxWhereDoublesAreCoarserThanTheScale() {
    // Near 1e12 doubles are about 1.2e-4 apart, so the decimal 1e12 - 1e-10 becomes 1e12 itself.
    FloatGenerator generator = new FloatGenerator(new Extreme(false), LIMITS);
    double value = generator.draw(999_999_999_999.0, 1e12, 10).value();
    assertThat(value).isLessThan(1e12).isEqualTo(Math.nextDown(1e12));
  }

  @ParameterizedTest(name = "[{0}, {1}) scale {2}")
  @CsvSource({
    "0, 1, 0",
    "0, 1, 1",
    "0, 1, 4",
    "-5, 5, 2",
    "0.123, 0.5, 2",
    "-1e12, 1e12, 10",
    "-1e12, 1e12, 0",
    "-0.001, 0.001, 10",
    "12345.678, 12345.679, 6"
  })
  void roundedValuesHaveAtMostScaleDecimalsAndStayInRange(double min, double max, int scale) {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(5), LIMITS);
    for (int i = 0; i < 5_000; i++) {
      FloatDraw draw = generator.draw(min, max, scale);
      assertThat(draw.scale()).isEqualTo(scale);
      assertThat(draw.value()).isGreaterThanOrEqualTo(min).isLessThan(max);
      assertThat(decimalPlaces(draw.value())).isLessThanOrEqualTo(scale);
    }
  }

  @Test
  void aRangeWithoutAnyNumberOfThatScaleIsABadRequest() {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(6), LIMITS);
    assertThatThrownBy(() -> generator.draw(0.11, 0.19, 1))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertBadRequest(e, "empty-range"))
        .hasMessage("No number with 1 decimal places lies in [0.11, 0.19)");
    // 0.2 itself is excluded: max is exclusive.
    assertThatThrownBy(() -> generator.draw(0.11, 0.2, 1))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertBadRequest(e, "empty-range"));
    assertThat(generator.draw(0.11, 0.2000001, 1).value()).isEqualTo(0.2);
  }

  @ParameterizedTest(name = "[{0}, {1})")
  @CsvSource({"0, 1", "-5, 5", "-1e12, 1e12"})
  void isUniformOverTwentyBins(double min, double max) {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(20240601L), LIMITS);
    int bins = 20;
    int samples = 100_000;
    long[] counts = new long[bins];
    double width = max - min;
    for (int i = 0; i < samples; i++) {
      double value = generator.draw(min, max, null).value();
      // min(...): at 1e12 the last value can round up to the upper edge of the last bin.
      counts[Math.min(bins - 1, (int) ((value - min) / width * bins))]++;
    }
    assertThat(chiSquare(counts, samples)).isLessThan(CHI_SQUARE_DF19_P001);
  }

  @Test
  void roundedValuesAreUniformToo() {
    // Ten possible values 0.0 .. 0.9; rounding half-up or clamping would skew the ends.
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(7), LIMITS);
    int samples = 100_000;
    long[] counts = new long[10];
    for (int i = 0; i < samples; i++) {
      double value = generator.draw(0.0, 1.0, 1).value();
      counts[(int) Math.round(value * 10)]++;
    }
    assertThat(chiSquare(counts, samples)).isLessThan(CHI_SQUARE_DF9_P001);
  }

  @Test
  void roundedValuesBeyondTheRangeOfALongAreUniform() {
    // 2e22 candidates: drawn by rejection sampling rather than nextLong(bound).
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(8), LIMITS);
    int samples = 100_000;
    long[] counts = new long[20];
    for (int i = 0; i < samples; i++) {
      double value = generator.draw(-1e12, 1e12, 10).value();
      counts[Math.min(19, (int) ((value + 1e12) / 2e12 * 20))]++;
    }
    assertThat(chiSquare(counts, samples)).isLessThan(CHI_SQUARE_DF19_P001);
  }

  @Test
  void sameSeedGivesSameValues() {
    FloatGenerator first = new FloatGenerator(new SplittableRandom(42), LIMITS);
    FloatGenerator second = new FloatGenerator(new SplittableRandom(42), LIMITS);
    for (int i = 0; i < 100; i++) {
      assertThat(first.draw(-3.0, 3.0, null)).isEqualTo(second.draw(-3.0, 3.0, null));
      assertThat(first.draw(-3.0, 3.0, 3)).isEqualTo(second.draw(-3.0, 3.0, 3));
    }
  }

  @ParameterizedTest(name = "min={0}")
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void rejectsBoundsThatAreNotFinite(double notFinite) {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(9), LIMITS);
    assertThatThrownBy(() -> generator.draw(notFinite, 1.0, null))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertBadRequest(e, "invalid-parameter"))
        .hasMessageStartingWith("min must be a finite number");
    assertThatThrownBy(() -> generator.draw(0.0, notFinite, null))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertBadRequest(e, "invalid-parameter"))
        .hasMessageStartingWith("max must be a finite number");
  }

  @ParameterizedTest(name = "[{0}, {1})")
  @CsvSource({"1, 1", "2, 1", "0, -0.5", "1e12, -1e12"})
  void rejectsMinNotLessThanMax(double min, double max) {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(10), LIMITS);
    assertThatThrownBy(() -> generator.draw(min, max, null))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertBadRequest(e, "invalid-range"))
        .hasMessageContaining("must be less than max");
  }

  @Test
  void saysWhichBoundWasDefaulted() {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(11), LIMITS);
    assertThatThrownBy(() -> generator.draw(5.0, null, null))
        .hasMessage("min (5.0) must be less than max (1.0, the default)");
  }

  @ParameterizedTest(name = "[{0}, {1})")
  @CsvSource({
    "-1.0000001e12, 0",
    "0, 1.0000001e12",
    "-1.7976931348623157e308, 1.7976931348623157e308"
  })
  void rejectsBoundsTooFarFromZero(double min, double max) {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(12), LIMITS);
    assertThatThrownBy(() -> generator.draw(min, max, null))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertBadRequest(e, "out-of-bounds"))
        .hasMessageContaining("must be between -1.0E12 and 1.0E12");
    assertThat(generator.draw(-1e12, 1e12, null).value()).isBetween(-1e12, 1e12);
  }

  @ParameterizedTest(name = "scale={0}")
  @ValueSource(ints = {-1, 11, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void rejectsScalesOutsideZeroToTen(int scale) {
    FloatGenerator generator = new FloatGenerator(new SplittableRandom(13), LIMITS);
    assertThatThrownBy(() -> generator.draw(0.0, 1.0, scale))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertBadRequest(e, "invalid-scale"))
        .hasMessage("scale must be between 0 and 10, got " + scale);
  }

  @Test
  void limitsRejectABadConfiguration() {
    assertThatThrownBy(() -> new FloatLimits(0, 1, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FloatLimits(0, 1, null, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FloatLimits(0, 1, null, Double.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FloatLimits(Double.NaN, 1, null, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FloatLimits(0, 11, null, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FloatLimits(1, 1, null, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be less than the default max");
    assertThatThrownBy(() -> new FloatLimits(0, 1, 11, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default scale");
    assertThatThrownBy(
            () -> new FloatGenerator(new SplittableRandom(14), new FloatLimits(0.11, 0.19, 1, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No number with 1 decimal places");
  }

  private static double chiSquare(long[] counts, int samples) {
    double expected = (double) samples / counts.length;
    double sum = 0;
    for (long count : counts) {
      sum += (count - expected) * (count - expected) / expected;
    }
    return sum;
  }

  /** Decimal places of the shortest text that reads back as this double. */
  private static int decimalPlaces(double value) {
    return Math.max(0, new BigDecimal(Double.toString(value)).stripTrailingZeros().scale());
  }

  private static void assertBadRequest(ProblemException e, String slug) {
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.toProblem().type()).endsWith(":" + slug);
  }

  /** A random source that always answers its lowest or its highest value. */
  private record Extreme(boolean lowest) implements RandomGenerator {

    @Override
    public long nextLong() {
      return lowest ? 0 : -1;
    }

    @Override
    public long nextLong(long bound) {
      return lowest ? 0 : bound - 1;
    }

    @Override
    public double nextDouble() {
      return lowest ? 0 : 1 - 0x1.0p-53;
    }
  }
}

package dev.generatorsuite.intservice.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.generatorsuite.commons.problem.ProblemException;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntGeneratorTest {

  private static final IntLimits LIMITS = new IntLimits(1, 100, 1_000);
  private static final IntLimits UNLIMITED = new IntLimits(1, 100, IntLimits.FULL_WIDTH);

  /** Chi-square critical value for 9 degrees of freedom at p = 0.001. */
  private static final double CHI_SQUARE_DF9_P001 = 27.877;

  @Test
  void drawsFromTheDefaultRangeWhenNoBoundIsGiven() {
    IntGenerator generator = new IntGenerator(new SplittableRandom(1), LIMITS);
    for (int i = 0; i < 1_000; i++) {
      IntDraw draw = generator.draw(null, null);
      assertThat(draw.min()).isEqualTo(1);
      assertThat(draw.max()).isEqualTo(100);
      assertThat(draw.value()).isBetween(1, 100);
    }
  }

  @Test
  void defaultsOnlyTheMissingBound() {
    IntGenerator generator = new IntGenerator(new SplittableRandom(2), LIMITS);
    assertThat(generator.draw(90, null))
        .extracting(IntDraw::min, IntDraw::max)
        .containsExactly(90, 100);
    assertThat(generator.draw(null, 5))
        .extracting(IntDraw::min, IntDraw::max)
        .containsExactly(1, 5);
  }

  @ParameterizedTest
  @CsvSource({"7, 7", "0, 0", "-2147483648, -2147483648", "2147483647, 2147483647"})
  void equalBoundsGiveThatValue(int bound, int same) {
    IntGenerator generator = new IntGenerator(new SplittableRandom(3), UNLIMITED);
    for (int i = 0; i < 100; i++) {
      assertThat(generator.draw(bound, same).value()).isEqualTo(bound);
    }
  }

  @Test
  void negativeRangesStayInRangeAndReachBothEnds() {
    IntGenerator generator = new IntGenerator(new SplittableRandom(4), LIMITS);
    boolean sawMin = false;
    boolean sawMax = false;
    for (int i = 0; i < 10_000; i++) {
      int value = generator.draw(-20, -11).value();
      assertThat(value).isBetween(-20, -11);
      sawMin |= value == -20;
      sawMax |= value == -11;
    }
    assertThat(sawMin).as("min drawn").isTrue();
    assertThat(sawMax).as("max drawn").isTrue();
  }

  @Test
  void theFullIntRangeDoesNotOverflow() {
    IntGenerator generator = new IntGenerator(new SplittableRandom(5), UNLIMITED);
    int negative = 0;
    for (int i = 0; i < 10_000; i++) {
      IntDraw draw = generator.draw(Integer.MIN_VALUE, Integer.MAX_VALUE);
      assertThat(draw.min()).isEqualTo(Integer.MIN_VALUE);
      assertThat(draw.max()).isEqualTo(Integer.MAX_VALUE);
      if (draw.value() < 0) {
        negative++;
      }
    }
    // About half of a uniform draw over all ints is negative.
    assertThat(negative).isBetween(4_700, 5_300);
  }

  @Test
  void bothEndsOfTheFullIntRangeAreReachable() {
    assertThat(
            new IntGenerator(new Extreme(true), UNLIMITED)
                .draw(Integer.MIN_VALUE, Integer.MAX_VALUE)
                .value())
        .isEqualTo(Integer.MIN_VALUE);
    assertThat(
            new IntGenerator(new Extreme(false), UNLIMITED)
                .draw(Integer.MIN_VALUE, Integer.MAX_VALUE)
                .value())
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(new IntGenerator(new Extreme(false), LIMITS).draw(1, 10).value()).isEqualTo(10);
    assertThat(new IntGenerator(new Extreme(true), LIMITS).draw(1, 10).value()).isEqualTo(1);
  }

  @Test
  void isUniformOverOneToTen() {
    IntGenerator generator = new IntGenerator(new SplittableRandom(20240601L), LIMITS);
    int samples = 100_000;
    long[] counts = new long[10];
    for (int i = 0; i < samples; i++) {
      counts[generator.draw(1, 10).value() - 1]++;
    }
    double expected = samples / 10.0;
    double chiSquare = 0;
    for (long count : counts) {
      chiSquare += (count - expected) * (count - expected) / expected;
    }
    assertThat(chiSquare).isLessThan(CHI_SQUARE_DF9_P001);
  }

  @Test
  void sameSeedGivesSameValues() {
    IntGenerator first = new IntGenerator(new SplittableRandom(42), LIMITS);
    IntGenerator second = new IntGenerator(new SplittableRandom(42), LIMITS);
    for (int i = 0; i < 100; i++) {
      assertThat(first.draw(-500, 500)).isEqualTo(second.draw(-500, 500));
    }
  }

  @ParameterizedTest
  @CsvSource({"5, 4", "2147483647, -2147483648", "0, -1"})
  void rejectsMinGreaterThanMax(int min, int max) {
    IntGenerator generator = new IntGenerator(new SplittableRandom(6), UNLIMITED);
    assertThatThrownBy(() -> generator.draw(min, max))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertBadRequest(e, "invalid-range"))
        .hasMessageContaining("must not be greater than max");
  }

  @Test
  void saysWhichBoundWasDefaulted() {
    IntGenerator generator = new IntGenerator(new SplittableRandom(7), LIMITS);
    assertThatThrownBy(() -> generator.draw(500, null))
        .hasMessage("min (500) must not be greater than max (100, the default)");
    assertThatThrownBy(() -> generator.draw(null, 0))
        .hasMessage("min (1, the default) must not be greater than max (0)");
  }

  @Test
  void rejectsRangesWiderThanAllowed() {
    IntGenerator generator = new IntGenerator(new SplittableRandom(8), LIMITS);
    assertThat(generator.draw(0, 1_000).value()).isBetween(0, 1_000);
    assertThatThrownBy(() -> generator.draw(0, 1_001))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertBadRequest(e, "range-too-wide"))
        .hasMessage("max - min is 1001, more than the allowed 1000");
    assertThatThrownBy(() -> generator.draw(Integer.MIN_VALUE, Integer.MAX_VALUE))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertBadRequest(e, "range-too-wide"));
  }

  @Test
  void limitsRejectABadConfiguration() {
    assertThatThrownBy(() -> new IntLimits(1, 100, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> new IntLimits(10, 9, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("greater than the default max");
    assertThatThrownBy(() -> new IntLimits(0, 101, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wider than the maximum width");
    assertThat(new IntLimits(Integer.MIN_VALUE, Integer.MAX_VALUE, IntLimits.FULL_WIDTH).maxWidth())
        .isEqualTo(4_294_967_295L);
  }

  @Test
  void rejectsAMissingRandomSource() {
    assertThatThrownBy(() -> new IntGenerator(null, LIMITS))
        .isInstanceOf(NullPointerException.class);
  }

  private static void assertBadRequest(ProblemException e, String slug) {
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.toProblem().type()).endsWith(":" + slug);
  }

  /** A random source that always answers the lowest or the highest value of a bounded draw. */
  private record Extreme(boolean lowest) implements RandomGenerator {

    @Override
    public long nextLong() {
      return lowest ? 0 : -1;
    }

    @Override
    public long nextLong(long origin, long bound) {
      return lowest ? origin : bound - 1;
    }
  }
}

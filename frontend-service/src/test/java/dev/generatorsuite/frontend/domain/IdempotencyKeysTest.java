package dev.generatorsuite.frontend.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.generatorsuite.commons.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeysTest {

  @Test
  void acceptsKeysUpTo64VisibleCharacters() {
    String longest = "k".repeat(64);

    assertThat(IdempotencyKeys.requireValid(longest, "key")).isEqualTo(longest);
    assertThat(IdempotencyKeys.requireValid("a-b_c.1", "key")).isEqualTo("a-b_c.1");
  }

  @Test
  void freshKeysAreValidAndDiffer() {
    String key = IdempotencyKeys.fresh();

    assertThat(IdempotencyKeys.requireValid(key, "key")).isNotEqualTo(IdempotencyKeys.fresh());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "has space", "line\nbreak", "caf\u00e9"})
  void refusesMissingBlankOrNonAsciiKeys(String key) {
    assertThatThrownBy(() -> IdempotencyKeys.requireValid(key, "The token"))
        .isInstanceOf(ProblemException.class)
        .hasMessageStartingWith("The token")
        .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
  }

  @Test
  void refusesKeysLongerThan64() {
    assertThatThrownBy(() -> IdempotencyKeys.requireValid("k".repeat(65), "key"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("at most 64");
  }
}

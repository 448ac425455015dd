package dev.generatorsuite.commons.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidHeaderFilterTest {

  @ParameterizedTest
  @ValueSource(strings = {"Accept", "Idempotency-Key", "x-request-id", "X_Custom.1~!#$%&'*+^`|"})
  void takesTokensAsNames(String name) {
    assertThat(InvalidHeaderFilter.isValidName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bad Name", "a:b", "x(y)", "caf\u00e9", "tab\there", "nul\u0000"})
  void refusesNamesThatAreNotTokens(String name) {
    assertThat(InvalidHeaderFilter.isValidName(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "application/json", "a b\tc", "caf\u00e9 (obs-text)", "~!@#"})
  void takesVisibleTextSpacesAndTabs(String value) {
    assertThat(InvalidHeaderFilter.isValidValue(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a\u0001b", "bell\u0007", "del\u007f", "esc\u001b[0m", "nul\u0000", "\u0100"})
  void refusesControlCharacters(String value) {
    assertThat(InvalidHeaderFilter.isValidValue(value)).isFalse();
  }
}

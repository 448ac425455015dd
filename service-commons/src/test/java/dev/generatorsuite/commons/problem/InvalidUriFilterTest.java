package dev.generatorsuite.commons.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidUriFilterTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"/api/int", "/api/int?min=1&max=%20", "/api/products/%E2%82%AC", "/?page=0"})
  void takesValidUris(String uri) {
    assertThat(InvalidUriFilter.isValid(uri)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "/api/int?min=%zz", "/api/int?min=%", "/x%4", "/?q={1}", "/?q=a|b", "/a b"})
  void refusesInvalidUris(String uri) {
    assertThat(InvalidUriFilter.isValid(uri)).isFalse();
  }
}

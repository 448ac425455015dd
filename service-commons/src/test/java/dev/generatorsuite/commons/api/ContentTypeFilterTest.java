package dev.generatorsuite.commons.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypeFilterTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=UTF-8",
        "application/x-www-form-urlencoded",
        "text/plain"
      })
  void concreteTypesPass(String header) {
    assertThat(ContentTypeFilter.isConcrete(header)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"*/*", "application/*", " ", ";;;", "application"})
  void missingWildcardOrBrokenTypesDoNot(String header) {
    assertThat(ContentTypeFilter.isConcrete(header)).isFalse();
  }
}

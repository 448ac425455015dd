package dev.generatorsuite.commons.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemFailureHandlerTest {

  @Test
  void aClientErrorKeepsItsStatus() {
    Problem problem = ProblemFailureHandler.problemFor(413, null);

    assertThat(problem.status()).isEqualTo(413);
    assertThat(problem.type()).isEqualTo("urn:generator-suite:problem:http-413");
    assertThat(problem.title()).isEqualTo("Request Entity Too Large");
  }

  @Test
  void anythingElseIsA500WithAReferenceAndNoStackTrace() {
    Problem problem = ProblemFailureHandler.problemFor(-1, new IllegalStateException("boom"));

    assertThat(problem.status()).isEqualTo(500);
    assertThat(problem.detail()).startsWith("An unexpected error occurred (reference ");
    assertThat(problem.detail()).doesNotContain("boom", "IllegalStateException");
  }
}

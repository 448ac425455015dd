package dev.generatorsuite.commons.requestid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void acceptsIdsOfNginxAndOfCallers() {
    assertThat(RequestIds.isValid("4f1c2b9a0d3e4f5a6b7c8d9e0f1a2b3c")).isTrue();
    assertThat(RequestIds.isValid("abc-123")).isTrue();
    assertThat(RequestIds.isValid("A.b_C-9")).isTrue();
    assertThat(RequestIds.isValid("x".repeat(128))).isTrue();
  }

  @Test
  void rejectsEmptyLongAndUnsafeIds() {
    assertThat(RequestIds.isValid(null)).isFalse();
    assertThat(RequestIds.isValid("")).isFalse();
    assertThat(RequestIds.isValid("x".repeat(129))).isFalse();
    assertThat(RequestIds.isValid("a b")).isFalse();
    assertThat(RequestIds.isValid("a\"b")).isFalse();
    assertThat(RequestIds.isValid("line\nbreak")).isFalse();
    assertThat(RequestIds.isValid("caf\u00e9")).isFalse();
  }

  @Test
  void keepsAValidIdAndReplacesAnInvalidOne() {
    assertThat(RequestIds.acceptOrGenerate("abc-123")).isEqualTo("abc-123");
    assertThat(RequestIds.acceptOrGenerate("a b")).matches("[0-9a-f]{32}");
    assertThat(RequestIds.acceptOrGenerate(null)).matches("[0-9a-f]{32}");
  }

  @Test
  void generatesDistinctIdsShapedLikeNginxs() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String id = RequestIds.generate();
      assertThat(id).matches("[0-9a-f]{32}");
      ids.add(id);
    }
    assertThat(ids).hasSize(1_000);
  }

  @Test
  void hasNoIdOutsideARequest() {
    assertThat(RequestIds.current()).isEmpty();
  }
}

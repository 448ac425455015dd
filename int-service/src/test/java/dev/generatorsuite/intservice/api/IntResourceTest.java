package dev.generatorsuite.intservice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.generatorsuite.commons.api.EventLoopProbe;
import dev.generatorsuite.intservice.domain.IntGenerator;
import dev.generatorsuite.intservice.domain.IntLimits;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class IntResourceTest {

  @Test
  void aLongRequestLineAndLargeHeadersReachTheService() throws IOException {
    // Vert.x's defaults (4k line, 20k of headers) are below nginx's (8k, 32k) and answered an empty
    // 414/431 (bad-input fuzz); the limits are above nginx's now, so the service answers itself.
    String query = "min=" + "7".repeat(7_000);
    String headers = ("X-Large: " + "e".repeat(190) + "\r\n").repeat(120);
    String answer;
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              ("GET /api/int?"
                      + query
                      + " HTTP/1.1\r\nHost: localhost\r\n"
                      + headers
                      + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(answer)
        .startsWith("HTTP/1.1 400 ")
        .containsIgnoringCase("content-type: application/problem+json")
        .contains("\"type\":\"urn:generator-suite:problem:invalid-parameter\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"min=%zz", "min=%", "max=%4", "min=%u0031", "min={1}", "min=1|2"})
  void anInvalidUriIsAProblemNotAnEmpty400(String query) throws IOException {
    // Quarkus's own check answered these with an empty body (bad-input fuzz); InvalidUriFilter
    // (service-commons) answers them now. Sent over a socket: HTTP clients refuse such URIs.
    assertIsA400Problem(rawGet("/api/int?" + query, ""), "invalid-uri");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"X-Note: a\u0001b", "X-Note: bell\u0007", "Bad Name: x", "X-Note: del\u007f"})
  void aMalformedHeaderIsAProblemNotAnEmpty400(String header) throws IOException {
    // Vert.x's own check answered these with an empty body (bad-input fuzz); InvalidHeaderFilter
    // (service-commons) answers them now. Sent over a socket: HTTP clients refuse such headers.
    assertIsA400Problem(rawGet("/api/int", header + "\r\n"), "invalid-header");
  }

  /** A GET written byte for byte, with extra header lines; the whole answer as text. */
  private static String rawGet(String target, String extraHeaderLines) throws IOException {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + target
                      + " HTTP/1.1\r\nHost: localhost\r\n"
                      + extraHeaderLines
                      + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void assertIsA400Problem(String answer, String slug) {
    assertThat(answer)
        .startsWith("HTTP/1.1 400 ")
        .containsIgnoringCase("content-type: application/problem+json")
        .containsIgnoringCase("x-request-id: ")
        .contains("\"status\":400", "\"type\":\"urn:generator-suite:problem:" + slug + "\"");
  }

  @Test
  void drawsFromTheConfiguredDefaultRange() {
    IntResponse response =
        given()
            .when()
            .get("/api/int")
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .extract()
            .as(IntResponse.class);
    assertThat(response.min()).isEqualTo(1);
    assertThat(response.max()).isEqualTo(100);
    assertThat(response.value()).isBetween(1, 100);
  }

  @Test
  void drawsFromTheGivenRange() {
    for (int i = 0; i < 50; i++) {
      IntResponse response = draw("-3", "3");
      assertThat(response.min()).isEqualTo(-3);
      assertThat(response.max()).isEqualTo(3);
      assertThat(response.value()).isBetween(-3, 3);
    }
  }

  @Test
  void defaultsTheMissingBound() {
    IntResponse response =
        given()
            .queryParam("min", 95)
            .get("/api/int")
            .then()
            .statusCode(200)
            .extract()
            .as(IntResponse.class);
    assertThat(response.min()).isEqualTo(95);
    assertThat(response.max()).isEqualTo(100);
    assertThat(response.value()).isBetween(95, 100);
  }

  @Test
  void anEmptyParameterCountsAsNotGiven() {
    // Quarkus REST passes "?min=" as null; like an empty form field, it means "use the default".
    IntResponse response =
        given()
            .queryParam("min", "")
            .queryParam("max", "5")
            .get("/api/int")
            .then()
            .statusCode(200)
            .extract()
            .as(IntResponse.class);
    assertThat(response.min()).isEqualTo(1);
    assertThat(response.max()).isEqualTo(5);
  }

  @Test
  void equalBoundsGiveThatValue() {
    assertThat(draw("-7", "-7").value()).isEqualTo(-7);
    assertThat(draw("+2147483647", "2147483647").value()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void acceptsTheWidestAllowedRange() {
    IntResponse response = draw("-1000000000", "1000000000");
    assertThat(response.value()).isBetween(-1_000_000_000, 1_000_000_000);
  }

  @Test
  void drawsOnTheEventLoop() {
    // @NonBlocking: no hand-over to a worker thread and back (bench/OPTIMISATIONS.md).
    EventLoopProbe probe = new EventLoopProbe();
    QuarkusMock.installMockForType(probe, RandomGenerator.class);
    draw("1", "1000");
    assertThat(probe.onEventLoop()).isTrue();
  }

  @Test
  void seededRandomSourceGivesTheExpectedSequence() {
    QuarkusMock.installMockForType(new SplittableRandom(1234), RandomGenerator.class);
    IntGenerator expected =
        new IntGenerator(new SplittableRandom(1234), new IntLimits(1, 100, 2_000_000_000));
    for (int i = 0; i < 20; i++) {
      assertThat(draw("1", "1000").value()).isEqualTo(expected.draw(1, 1000).value());
    }
  }

  @ParameterizedTest(name = "min={0} max={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "abc|10|invalid-parameter|min must be an integer, got 'abc'",
        "1.5|10|invalid-parameter|min must be an integer, got '1.5'",
        "1|2.0|invalid-parameter|max must be an integer, got '2.0'",
        "1e3|2000|invalid-parameter|min must be an integer",
        "0x10|20|invalid-parameter|min must be an integer",
        "' 5'|10|invalid-parameter|min must be an integer",
        "1|NaN|invalid-parameter|max must be an integer",
        "2147483648|2147483647|invalid-parameter|min must be between -2147483648 and 2147483647",
        "1|-99999999999999999999|invalid-parameter|max must be between",
        "10|5|invalid-range|min (10) must not be greater than max (5)",
        "500||invalid-range|min (500) must not be greater than max (100, the default)",
        "-2147483648|2147483647|range-too-wide|max - min is 4294967295, more than the allowed"
            + " 2000000000",
        "-1000000000|1000000001|range-too-wide|more than the allowed 2000000000",
      })
  void badInputIsABadRequestProblem(String min, String max, String slug, String detail) {
    var request = given();
    if (min != null) {
      request.queryParam("min", min);
    }
    if (max != null) {
      request.queryParam("max", max);
    }
    request
        .when()
        .get("/api/int")
        .then()
        .statusCode(400)
        .header("Content-Type", startsWith("application/problem+json"))
        .body("type", is("urn:generator-suite:problem:" + slug))
        .body("title", is("Bad request"))
        .body("status", is(400))
        .body("detail", allOf(containsString(detail), not(containsString("Exception"))));
  }

  private static IntResponse draw(String min, String max) {
    return given()
        .queryParam("min", min)
        .queryParam("max", max)
        .when()
        .get("/api/int")
        .then()
        .statusCode(200)
        .extract()
        .as(IntResponse.class);
  }
}

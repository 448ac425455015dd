package dev.generatorsuite.floatservice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.generatorsuite.commons.api.EventLoopProbe;
import dev.generatorsuite.floatservice.domain.FloatGenerator;
import dev.generatorsuite.floatservice.domain.FloatLimits;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class FloatResourceTest {

  @Test
  void drawsFromTheConfiguredDefaultRange() {
    FloatResponse response =
        given()
            .when()
            .get("/api/float")
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .extract()
            .as(FloatResponse.class);
    assertThat(response.min()).isEqualTo(0.0);
    assertThat(response.max()).isEqualTo(1.0);
    assertThat(response.value()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
  }

  @Test
  void answersExactlyValueMinAndMax() {
    Map<String, Object> body =
        given()
            .queryParam("min", "-2.5")
            .queryParam("max", "2.5")
            .get("/api/float")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("$");
    assertThat(body).containsOnlyKeys("value", "min", "max");
  }

  @Test
  void drawsFromTheGivenRange() {
    for (int i = 0; i < 50; i++) {
      FloatResponse response = draw(request().queryParam("min", "-2.5").queryParam("max", "1e-3"));
      assertThat(response.min()).isEqualTo(-2.5);
      assertThat(response.max()).isEqualTo(0.001);
      assertThat(response.value()).isGreaterThanOrEqualTo(-2.5).isLessThan(0.001);
    }
  }

  @Test
  void defaultsTheMissingBound() {
    FloatResponse response = draw(request().queryParam("min", "0.75"));
    assertThat(response.min()).isEqualTo(0.75);
    assertThat(response.max()).isEqualTo(1.0);
    assertThat(response.value()).isGreaterThanOrEqualTo(0.75).isLessThan(1.0);
  }

  @Test
  void anEmptyParameterCountsAsNotGiven() {
    // Quarkus REST passes "?min=" as null; like an empty form field, it means "use the default".
    FloatResponse response = draw(request().queryParam("min", "").queryParam("max", "5"));
    assertThat(response.min()).isEqualTo(0.0);
    assertThat(response.max()).isEqualTo(5.0);
  }

  @Test
  void roundsToTheGivenScale() {
    for (int i = 0; i < 50; i++) {
      String body =
          request()
              .queryParam("min", "10")
              .queryParam("max", "20")
              .queryParam("scale", "2")
              .get("/api/float")
              .then()
              .statusCode(200)
              .extract()
              .asString();
      // The value as written in the JSON text, e.g. "value":13.57
      String value = body.replaceAll(".*\"value\":([^,}]+).*", "$1");
      BigDecimal decimal = new BigDecimal(value);
      assertThat(decimal.stripTrailingZeros().scale()).isLessThanOrEqualTo(2);
      assertThat(decimal).isGreaterThanOrEqualTo(BigDecimal.TEN).isLessThan(BigDecimal.valueOf(20));
    }
  }

  @Test
  void scaleZeroGivesWholeNumbersBelowMax() {
    for (int i = 0; i < 50; i++) {
      double value =
          draw(request().queryParam("min", "0").queryParam("max", "3").queryParam("scale", "0"))
              .value();
      assertThat(value).isIn(0.0, 1.0, 2.0);
    }
  }

  @Test
  void acceptsTheLargestAllowedBounds() {
    FloatResponse response =
        draw(request().queryParam("min", "-1e12").queryParam("max", "1000000000000"));
    assertThat(response.value()).isGreaterThanOrEqualTo(-1e12).isLessThan(1e12);
  }

  @Test
  void drawsOnTheEventLoop() {
    // @NonBlocking: no hand-over to a worker thread and back (bench/OPTIMISATIONS.md).
    EventLoopProbe probe = new EventLoopProbe();
    QuarkusMock.installMockForType(probe, RandomGenerator.class);
    draw(request());
    assertThat(probe.onEventLoop()).isTrue();
  }

  @Test
  void seededRandomSourceGivesTheExpectedSequence() {
    QuarkusMock.installMockForType(new SplittableRandom(1234), RandomGenerator.class);
    FloatGenerator expected =
        new FloatGenerator(new SplittableRandom(1234), new FloatLimits(0, 1, null, 1e12));
    for (int i = 0; i < 10; i++) {
      assertThat(draw(request().queryParam("min", "-1").queryParam("max", "1")).value())
          .isEqualTo(expected.draw(-1.0, 1.0, null).value());
      assertThat(
              draw(request()
                      .queryParam("min", "0")
                      .queryParam("max", "100")
                      .queryParam("scale", "3"))
                  .value())
          .isEqualTo(expected.draw(0.0, 100.0, 3).value());
    }
  }

  @ParameterizedTest(name = "min={0} max={1} scale={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "abc|||invalid-parameter|min must be a finite decimal number, got 'abc'",
        "NaN|||invalid-parameter|min must be a finite decimal number, got 'NaN'",
        "|Infinity||invalid-parameter|max must be a finite decimal number, got 'Infinity'",
        "-Infinity|||invalid-parameter|min must be a finite decimal number",
        "|+Infinity||invalid-parameter|max must be a finite decimal number",
        "1e400|||invalid-parameter|min is too large to be a finite number, got '1e400'",
        "|-1e400||invalid-parameter|max is too large to be a finite number",
        "0x1p3|||invalid-parameter|min must be a finite decimal number",
        "1.5d|||invalid-parameter|min must be a finite decimal number",
        "' 1'|||invalid-parameter|min must be a finite decimal number",
        "1,5|||invalid-parameter|min must be a finite decimal number",
        "1|1||invalid-range|min (1.0) must be less than max (1.0)",
        "2|1||invalid-range|min (2.0) must be less than max (1.0)",
        "5|||invalid-range|min (5.0) must be less than max (1.0, the default)",
        "-2e12|||out-of-bounds|min must be between -1.0E12 and 1.0E12, got -2.0E12",
        "|1e300||out-of-bounds|max must be between",
        "||11|invalid-scale|scale must be between 0 and 10, got 11",
        "||-1|invalid-scale|scale must be between 0 and 10, got -1",
        "||1.5|invalid-parameter|scale must be an integer, got '1.5'",
        "||two|invalid-parameter|scale must be an integer, got 'two'",
        "||99999999999|invalid-parameter|scale must be between -2147483648 and 2147483647",
        "0.11|0.19|1|empty-range|No number with 1 decimal places lies in [0.11, 0.19)",
      })
  void badInputIsABadRequestProblem(
      String min, String max, String scale, String slug, String detail) {
    RequestSpecification request = request();
    if (min != null) {
      request.queryParam("min", min);
    }
    if (max != null) {
      request.queryParam("max", max);
    }
    if (scale != null) {
      request.queryParam("scale", scale);
    }
    request
        .when()
        .get("/api/float")
        .then()
        .statusCode(400)
        .header("Content-Type", startsWith("application/problem+json"))
        .body("type", is("urn:generator-suite:problem:" + slug))
        .body("title", is("Bad request"))
        .body("status", is(400))
        .body("detail", allOf(containsString(detail), not(containsString("Exception"))));
  }

  private static RequestSpecification request() {
    return given();
  }

  private static FloatResponse draw(RequestSpecification request) {
    return request
        .when()
        .get("/api/float")
        .then()
        .statusCode(200)
        .extract()
        .as(FloatResponse.class);
  }
}

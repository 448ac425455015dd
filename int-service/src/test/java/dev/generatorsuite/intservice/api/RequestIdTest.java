package dev.generatorsuite.intservice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import dev.generatorsuite.commons.requestid.CapturedLogs;
import io.quarkus.test.junit.QuarkusTest;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The request id: taken from the caller or made here, answered, and logged with the request. */
@QuarkusTest
class RequestIdTest {

  private static final String ACCESS_LOG = "dev.generatorsuite.access";
  private static final String GENERATED = "[0-9a-f]{32}";

  @Test
  void answersTheCallersId() {
    given()
        .header("X-Request-Id", "abc-123.X_y")
        .when()
        .get("/api/int")
        .then()
        .statusCode(200)
        .header("X-Request-Id", is("abc-123.X_y"));
  }

  @Test
  void acceptsTheLongestAllowedId() {
    String id = "a".repeat(128);
    given().header("X-Request-Id", id).when().get("/api/int").then().header("X-Request-Id", is(id));
  }

  @Test
  void replacesAnInvalidId() {
    for (String invalid : new String[] {"a b", "a/b", "a\"b", "x".repeat(129), ""}) {
      String answered =
          given()
              .header("X-Request-Id", invalid)
              .when()
              .get("/api/int")
              .then()
              .statusCode(200)
              .extract()
              .header("X-Request-Id");
      assertThat(answered).as("answered for %s", invalid).matches(GENERATED);
    }
  }

  @Test
  void makesAnIdWhenThereIsNone() {
    String first =
        given().when().get("/api/int").then().statusCode(200).extract().header("X-Request-Id");
    String second = given().when().get("/api/int").then().extract().header("X-Request-Id");

    assertThat(first).matches(GENERATED);
    assertThat(second).matches(GENERATED).isNotEqualTo(first);
  }

  @Test
  void logsOneAccessLineWithTheId() {
    try (CapturedLogs logs = CapturedLogs.start()) {
      given().header("X-Request-Id", "access-1").when().get("/api/int").then().statusCode(200);

      CapturedLogs.Line line =
          logs.await(l -> "access-1".equals(l.requestId()) && ACCESS_LOG.equals(l.logger()))
              .orElseThrow(() -> new AssertionError("No access line in " + logs.lines()));
      assertThat(line.level()).isEqualTo(Level.INFO);
      assertThat(line.message()).matches("GET /api/int 200 \\d+ ms");
      assertThat(logs.lines())
          .filteredOn(l -> ACCESS_LOG.equals(l.logger()) && "access-1".equals(l.requestId()))
          .hasSize(1);
    }
  }

  @Test
  void answersAndLogsTheIdOnErrors() {
    try (CapturedLogs logs = CapturedLogs.start()) {
      given()
          .header("X-Request-Id", "bad-range-1")
          .queryParam("min", "10")
          .queryParam("max", "1")
          .when()
          .get("/api/int")
          .then()
          .statusCode(400)
          .header("X-Request-Id", is("bad-range-1"));

      assertThat(
              logs.await(l -> "bad-range-1".equals(l.requestId()) && ACCESS_LOG.equals(l.logger())))
          .hasValueSatisfying(l -> assertThat(l.message()).startsWith("GET /api/int 400 "));
    }
  }

  @Test
  void answersTheIdOfHealthChecksWithoutLoggingThem() {
    try (CapturedLogs logs = CapturedLogs.start()) {
      given()
          .header("X-Request-Id", "health-1")
          .when()
          .get("/q/health/ready")
          .then()
          .statusCode(200)
          .header("X-Request-Id", is("health-1"));
      // A request logged after the health check: once its line is there, the other would be too.
      given()
          .header("X-Request-Id", "after-health-1")
          .when()
          .get("/api/int")
          .then()
          .statusCode(200);
      assertThat(logs.await(l -> "after-health-1".equals(l.requestId()))).isPresent();

      assertThat(logs.lines()).noneMatch(l -> "health-1".equals(l.requestId()));
    }
  }
}

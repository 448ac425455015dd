package dev.generatorsuite.intservice.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The endpoints every service of the suite has, as the contract describes them. */
@QuarkusTest
class PlatformEndpointsTest {

  @Test
  void isLive() {
    given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
  }

  @Test
  void isReady() {
    given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
  }

  @Test
  void exposesPrometheusMetricsOfTheApi() {
    given().get("/api/int").then().statusCode(200);
    given()
        .accept("text/plain")
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .header("Content-Type", startsWith("text/plain"))
        .body(containsString("http_server_requests_seconds_count"))
        .body(containsString("uri=\"/api/int\""))
        // A histogram with fixed buckets, for the p99 latency alert (monitoring/rules.yml).
        .body(containsString("http_server_requests_seconds_bucket{"))
        .body(containsString("le=\"0.25\""));
  }

  @Test
  void documentsTheApiInOpenApi() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("info.title", is("int-service"))
        .body("paths", hasKey("/api/int"))
        .body("paths.'/api/int'.get.responses", hasKey("200"))
        .body("paths.'/api/int'.get.responses", hasKey("400"))
        .body("paths.'/api/int'.get.responses.'400'.content", hasKey("application/problem+json"));
  }

  @Test
  void tellsItsVersion() {
    given()
        .get("/version")
        .then()
        .statusCode(200)
        .body("service", is("int-service"))
        .body("version", not(emptyOrNullString()))
        .body("build", not(emptyOrNullString()))
        .body("commit", not(emptyOrNullString()));
  }

  @Test
  void unknownPathIsANotFoundProblem() {
    given()
        .get("/api/nothing-here")
        .then()
        .statusCode(404)
        .header("Content-Type", startsWith("application/problem+json"))
        .body("status", is(404))
        .body("type", not(emptyOrNullString()))
        .body("title", not(emptyOrNullString()))
        .body("detail", not(emptyOrNullString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE"})
  void wrongMethodIsAMethodNotAllowedProblem(String method) {
    given()
        .request(method, "/api/int")
        .then()
        .statusCode(405)
        .header("Content-Type", startsWith("application/problem+json"))
        .body("status", is(405))
        .body("type", not(emptyOrNullString()))
        .body("title", not(emptyOrNullString()))
        .body("detail", not(emptyOrNullString()));
  }
}

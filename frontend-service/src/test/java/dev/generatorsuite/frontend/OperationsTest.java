package dev.generatorsuite.frontend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The endpoints operators and the load balancer use. */
@QuarkusTest
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OperationsTest extends DownstreamTest {

  @Test
  void isLive() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
  }

  @Test
  void staysReadyWhileADownstreamServiceIsDown() {
    combinerService.stop();

    given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
  }

  @Test
  void exposesPrometheusMetrics() {
    given().when().get("/version").then().statusCode(200);

    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests_seconds_count"));
  }

  @Test
  void describesTheJsonApi() {
    given()
        .accept("application/json")
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths.'/api/generate'.post.responses.'201'", notNullValue())
        .body(
            "paths.'/api/generate'.post.responses.'200'.headers.'Idempotent-Replayed'",
            notNullValue())
        .body("paths.'/api/generate'.post.responses.'503'", notNullValue());
  }

  @Test
  void tellsItsVersion() {
    given()
        .when()
        .get("/version")
        .then()
        .statusCode(200)
        .body("service", is("frontend-service"))
        .body("version", is("1.0.0-SNAPSHOT"))
        .body("build", notNullValue())
        .body("commit", notNullValue());
  }

  @Test
  void answersUnknownPathsWithAProblem() {
    given()
        .accept("application/json")
        .when()
        .get("/api/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}

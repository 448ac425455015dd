package dev.generatorsuite.combiner.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What every service offers: health, metrics, OpenAPI and /version. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class PlatformEndpointsTest {

  @Test
  void isLive() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void isReadyWithTheDatabase() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem(containsString("Database connections health check")));
  }

  @Test
  void exposesPrometheusMetrics() {
    given().get("/api/products/stats").then().statusCode(200);

    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("http_server_requests_seconds_count"))
        .body(containsString("uri=\"/api/products/stats\""));
  }

  @Test
  void publishesTheOpenApiDocument() {
    given()
        .accept("application/json")
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths.'/api/products'.post.responses.'201'", notNullValue())
        .body("paths.'/api/products'.post.responses.'409'.headers.Location", notNullValue())
        .body("components.schemas.KeyReusedProblem.properties.productId", notNullValue())
        .body("paths.'/api/products'.post.parameters.name", hasItem("Idempotency-Key"))
        .body("paths.'/api/products'.get.parameters.name", hasItems("page", "size"))
        .body("paths.'/api/products/stats'.get", notNullValue())
        .body("paths.'/api/products/{id}'.get.responses.'404'", notNullValue());
  }

  @Test
  void tellsItsVersion() {
    given()
        .when()
        .get("/version")
        .then()
        .statusCode(200)
        .body("service", equalTo("combiner-service"))
        .body("version", notNullValue())
        .body("build", notNullValue())
        .body("commit", notNullValue());
  }
}

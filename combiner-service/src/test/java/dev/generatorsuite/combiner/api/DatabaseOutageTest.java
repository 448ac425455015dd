package dev.generatorsuite.combiner.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The database goes away and comes back: 503 problems with Retry-After (never a 500), readiness
 * DOWN, and recovery without a restart. Runs in its own application (and its own PostgreSQL)
 * through a test profile, so stopping the database does not disturb other test classes.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.OutageProfile.class)
@WithTestResource(EmbeddedPostgresResource.class)
class DatabaseOutageTest {

  /** Only there to give this class an application of its own. */
  public static class OutageProfile implements QuarkusTestProfile {}

  private static final String BODY = "{\"intValue\": 2, \"floatValue\": 30.0}";

  @Inject WritePathWarmup warmup;

  @Test
  void answers503WhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
    create().then().statusCode(201);

    EmbeddedPostgresResource.stopDatabase();
    try {
      Instant started = Instant.now();
      assertUnavailable(create());
      assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(10));
      assertUnavailable(given().when().get("/api/products"));
      assertUnavailable(given().when().get("/api/products/stats"));
      assertUnavailable(given().when().get("/api/products/1"));
      given()
          .header("Idempotency-Key", "outage-key")
          .contentType(ContentType.JSON)
          .body(BODY)
          .when()
          .post("/api/products")
          .then()
          .statusCode(503);
      given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
      given().when().get("/q/health/live").then().statusCode(200);
      // The start-up warm-up gives up at once instead of holding a restarting service back.
      Instant warmupStarted = Instant.now();
      assertThat(warmup.run(5, 2, Duration.ofSeconds(30))).isZero();
      assertThat(Duration.between(warmupStarted, Instant.now())).isLessThan(Duration.ofSeconds(10));
      // Validation does not need the database: still a 400, not a 503.
      given()
          .contentType(ContentType.JSON)
          .body("{\"intValue\": 1}")
          .when()
          .post("/api/products")
          .then()
          .statusCode(400);
    } finally {
      EmbeddedPostgresResource.startDatabase();
    }

    awaitStatus("/q/health/ready", 200, Duration.ofSeconds(20));
    long id = create().then().statusCode(201).extract().jsonPath().getLong("id");
    given().when().get("/api/products/" + id).then().statusCode(200);
    given().when().get("/api/products").then().statusCode(200).body("total", equalTo(2));
  }

  private static io.restassured.response.Response create() {
    return given().contentType(ContentType.JSON).body(BODY).when().post("/api/products");
  }

  private static void assertUnavailable(io.restassured.response.Response response) {
    response
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", equalTo("5"))
        .body("status", equalTo(503))
        .body("type", containsString("database-unavailable"))
        .body(not(containsString("Exception")))
        .body(not(containsString("\tat ")));
  }

  private static void awaitStatus(String path, int status, Duration limit)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    int last = -1;
    while (Instant.now().isBefore(deadline)) {
      last = given().when().get(path).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        path + " answered " + last + " instead of " + status + " after " + limit);
  }
}

package dev.generatorsuite.combiner.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts between two requests: the pooled connections are dead, and the next keyed
 * create still answers 201, because the combiner tries it again on a new connection (within its
 * retry budget) instead of answering 503. Connections are never validated before use here, so the
 * first attempt surely takes a dead one; with {@code retry.max-retries=0} this test fails with 503.
 */
@QuarkusTest
@TestProfile(DatabaseRestartTest.NoValidationProfile.class)
@WithTestResource(EmbeddedPostgresResource.class)
class DatabaseRestartTest {

  public static class NoValidationProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.datasource.jdbc.foreground-validation-interval", "0",
          "quarkus.datasource.jdbc.background-validation-interval", "0",
          "quarkus.datasource.jdbc.max-size", "2");
    }
  }

  private static final String BODY = "{\"intValue\": 3, \"floatValue\": 2.5}";

  @Test
  void aKeyedCreateAfterARestartIsStoredOnANewConnection() throws Exception {
    // Both pooled connections in use once, then idle in the pool.
    for (int i = 0; i < 4; i++) {
      create("before-restart-" + i).then().statusCode(201);
    }

    EmbeddedPostgresResource.stopDatabase();
    EmbeddedPostgresResource.startDatabase();

    long id =
        create("after-restart")
            .then()
            .statusCode(201)
            .body("intValue", equalTo(3))
            .extract()
            .jsonPath()
            .getLong("id");
    given().when().get("/api/products/" + id).then().statusCode(200);
    // Stored once: the same key again is a replay of that row.
    create("after-restart")
        .then()
        .statusCode(201)
        .header(ProductResource.IDEMPOTENT_REPLAYED, "true")
        .body("id", equalTo((int) id));
  }

  private static Response create(String key) {
    return given()
        .header(ProductResource.IDEMPOTENCY_KEY, key)
        .contentType(ContentType.JSON)
        .body(BODY)
        .when()
        .post("/api/products");
  }
}

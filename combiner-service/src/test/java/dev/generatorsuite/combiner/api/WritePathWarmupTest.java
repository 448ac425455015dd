package dev.generatorsuite.combiner.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up warm-up runs the whole write path and leaves nothing behind. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class WritePathWarmupTest {

  @Inject WritePathWarmup warmup;
  @Inject TestDatabase database;

  @BeforeEach
  void emptyTable() {
    database.clear();
  }

  @Test
  void rehearsesEveryRoundAndStoresNothing() {
    assertThat(warmup.run(6, 2, Duration.ofSeconds(30))).isEqualTo(12);

    assertThat(database.countProducts()).isZero();
    // The rolled-back keys hold nothing: a real create afterwards stores its product.
    given()
        .contentType(ContentType.JSON)
        .body("{\"intValue\": 4, \"floatValue\": 2.5}")
        .when()
        .post("/api/products")
        .then()
        .statusCode(201);
    assertThat(database.countProducts()).isEqualTo(1);
  }

  @Test
  void stopsAtItsDeadline() {
    assertThat(warmup.run(1_000, 1, Duration.ZERO)).isZero();
  }
}

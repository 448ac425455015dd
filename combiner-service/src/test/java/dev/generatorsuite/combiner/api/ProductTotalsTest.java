package dev.generatorsuite.combiner.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statistics and the history's total come from running totals that the database keeps in the
 * storing transaction (migration V3). They must equal what the table itself says after inserts of
 * any size, idempotent replays, deletes, updates and concurrent writers, and reading them must not
 * touch the product table.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ProductTotalsTest {

  private static final JsonPathConfig DOUBLES =
      JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE);

  @Inject TestDatabase database;
  @Inject AgroalDataSource dataSource;

  @BeforeEach
  void emptyTable() {
    database.clear();
  }

  @Test
  void aMillionProductsAndThenSomeThroughTheApi() {
    for (int chunk = 0; chunk < 10; chunk++) {
      // Ten statements of 100,000 rows: each stays well inside the test's 10-s socket timeout.
      database.insertProducts(100_000);
    }
    post(3, 40.0); // CRIT 120
    post(-1, 0.5); // MISS -0.5

    assertStatsMatchTheTable();
    JsonPath page = given().get("/api/products?size=2").then().statusCode(200).extract().jsonPath();
    assertThat(page.getLong("total")).isEqualTo(1_000_002);
    assertThat(page.getList("items.intValue", Integer.class)).containsExactly(-1, 3);
  }

  @Test
  void readingTheStatisticsDoesNotTouchTheProductTable() throws Exception {
    post(2, 30.0);
    post(1, 10.0);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      // Blocks every reader of product until the rollback: a count(*) would wait here.
      statement.execute("LOCK TABLE product IN ACCESS EXCLUSIVE MODE");
      try {
        JsonPath stats = stats();
        assertThat(stats.getLong("count")).isEqualTo(2);
        assertThat(stats.getDouble("maxProduct")).isEqualTo(60.0);
      } finally {
        connection.rollback();
      }
    }
  }

  @Test
  void anIdempotentReplayIsCountedOnce() {
    for (int attempt = 0; attempt < 3; attempt++) {
      given()
          .contentType(ContentType.JSON)
          .header(ProductResource.IDEMPOTENCY_KEY, "totals-once")
          .body("{\"intValue\": 5, \"floatValue\": 2.0}")
          .post("/api/products")
          .then()
          .statusCode(201);
    }
    assertThat(stats().getLong("count")).isEqualTo(1);
    assertStatsMatchTheTable();
  }

  @Test
  void deletesAndUpdatesOutsideTheApiAreReflected() {
    post(4, 25.0); // CRIT 100, the maximum
    post(-2, 30.0); // HIT -60, the minimum
    post(1, 20.0); // MISS 20
    post(1, 10.0); // MISS 10

    assertThat(database.execute("DELETE FROM product WHERE product = 100")).isEqualTo(1);
    JsonPath afterDelete = stats();
    assertThat(afterDelete.getLong("count")).isEqualTo(3);
    assertThat(afterDelete.getDouble("maxProduct")).isEqualTo(20.0);
    assertStatsMatchTheTable();

    assertThat(database.execute("UPDATE product SET product = -70 WHERE product = -60"))
        .isEqualTo(1);
    assertThat(stats().getDouble("minProduct")).isEqualTo(-70.0);
    assertStatsMatchTheTable();

    database.execute("DELETE FROM product");
    assertThat(stats().getLong("count")).isZero();
    assertThat(stats().get("minProduct") == null).isTrue();
  }

  @Test
  void concurrentStoresAndADeleteKeepTheTotalsExact() throws Exception {
    int writers = 8;
    int storesEach = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        running.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < storesEach; i++) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    post(random.nextInt(-100, 101), random.nextInt(0, 1000) / 10.0);
                  }
                }));
      }
      running.add(
          pool.submit(
              () -> {
                // Rebuilds the totals while the writers are storing.
                for (int round = 0; round < 5; round++) {
                  database.execute("DELETE FROM product WHERE outcome = 'MISS' AND id % 3 = 0");
                }
              }));
      for (Future<?> task : running) {
        task.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertStatsMatchTheTable();
  }

  private void assertStatsMatchTheTable() {
    Object[] table = database.statsFromTheTable();
    JsonPath stats = stats();
    long count = ((Number) table[0]).longValue();
    assertThat(stats.getLong("count")).as("count").isEqualTo(count);
    assertThat(stats.getDouble("minProduct")).as("min").isEqualTo(asDouble(table[1]));
    assertThat(stats.getDouble("maxProduct")).as("max").isEqualTo(asDouble(table[2]));
    // Summed in another order than avg() sums: equal up to rounding.
    assertThat(stats.getDouble("avgProduct"))
        .as("avg")
        .isCloseTo(asDouble(table[3]), within(1e-9 * Math.max(1, Math.abs(asDouble(table[3])))));
    assertThat(stats.getLong("byOutcome.MISS")).as("MISS").isEqualTo(asLong(table[4]));
    assertThat(stats.getLong("byOutcome.HIT")).as("HIT").isEqualTo(asLong(table[5]));
    assertThat(stats.getLong("byOutcome.CRIT")).as("CRIT").isEqualTo(asLong(table[6]));
    assertThat(given().get("/api/products?size=1").jsonPath().getLong("total"))
        .as("history total")
        .isEqualTo(count);
  }

  private static JsonPath stats() {
    return given()
        .get("/api/products/stats")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .using(DOUBLES);
  }

  private static void post(int intValue, double floatValue) {
    given()
        .contentType(ContentType.JSON)
        .body("{\"intValue\": " + intValue + ", \"floatValue\": " + floatValue + "}")
        .post("/api/products")
        .then()
        .statusCode(201);
  }

  private static long asLong(Object value) {
    return ((Number) value).longValue();
  }

  private static Double asDouble(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }
}

package dev.generatorsuite.combiner.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key: retries never store a product twice, also when they race. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class IdempotencyTest {

  private static final String BODY = "{\"intValue\": 3, \"floatValue\": 2.5}";
  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

  @Inject TestDatabase database;

  @TestHTTPResource("/api/products")
  URI products;

  @BeforeEach
  void emptyTable() {
    database.clear();
  }

  @Test
  void theSameKeyAndBodyReturnsTheStoredProductAgain() {
    Response first = post("key-1", BODY, 201);
    Response second = post("key-1", "{ \"floatValue\": 2.50, \"intValue\": 3 }", 201);

    assertThat(second.jsonPath().getLong("id")).isEqualTo(first.jsonPath().getLong("id"));
    assertThat(second.jsonPath().getString("createdAt"))
        .isEqualTo(first.jsonPath().getString("createdAt"));
    assertThat(second.header("Location")).isEqualTo(first.header("Location"));
    assertThat(first.header(ProductResource.IDEMPOTENT_REPLAYED)).isNull();
    assertThat(second.header(ProductResource.IDEMPOTENT_REPLAYED)).isEqualTo("true");
    assertThat(database.countProducts()).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIsAConflictThatNamesTheStoredProduct() {
    long id = post("key-2", BODY, 201).jsonPath().getLong("id");

    Response conflict =
        given()
            .contentType(ContentType.JSON)
            .header(ProductResource.IDEMPOTENCY_KEY, "key-2")
            .body("{\"intValue\": 3, \"floatValue\": 2.6}")
            .when()
            .post("/api/products")
            .then()
            .statusCode(409)
            .contentType("application/problem+json")
            .header("Location", "/api/products/" + id)
            .body("status", equalTo(409))
            .body("title", equalTo("Conflict"))
            .body("type", equalTo("urn:generator-suite:problem:idempotency-key-reused"))
            .body(
                "detail", equalTo("The Idempotency-Key was already used with another request body"))
            .extract()
            .response();
    assertThat(conflict.jsonPath().getLong("productId")).isEqualTo(id);
    assertThat(database.countProducts()).isEqualTo(1);
  }

  @Test
  void differentKeysStoreDifferentProducts() {
    long a = post("key-a", BODY, 201).jsonPath().getLong("id");
    long b = post("key-b", BODY, 201).jsonPath().getLong("id");
    long c = post(null, BODY, 201).jsonPath().getLong("id");

    assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
    assertThat(database.countProducts()).isEqualTo(3);
  }

  @Test
  void aKeyOf64CharactersIsAccepted() {
    post("k".repeat(64), BODY, 201);
  }

  @Test
  void aKeyThatIsTooLongOrNotPrintableIsABadRequest() {
    for (String key : List.of("k".repeat(65), "with space")) {
      given()
          .contentType(ContentType.JSON)
          .header(ProductResource.IDEMPOTENCY_KEY, key)
          .body(BODY)
          .when()
          .post("/api/products")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("type", containsString("invalid-idempotency-key"));
    }
    assertThat(database.countProducts()).isZero();
  }

  @Test
  void anEmptyOrRepeatedKeyIsABadRequest() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest empty = keyed().header(ProductResource.IDEMPOTENCY_KEY, "").build();
    HttpRequest repeated =
        keyed()
            .header(ProductResource.IDEMPOTENCY_KEY, "one")
            .header(ProductResource.IDEMPOTENCY_KEY, "two")
            .build();

    for (HttpRequest request : List.of(empty, repeated)) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(response.body()).contains("invalid-idempotency-key");
    }
    assertThat(database.countProducts()).isZero();
  }

  private HttpRequest.Builder keyed() {
    return HttpRequest.newBuilder(products)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(BODY));
  }

  @Test
  void concurrentRequestsWithOneKeyStoreOneProduct() throws Exception {
    int clients = 20;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(products)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header(ProductResource.IDEMPOTENCY_KEY, "race-key")
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        Callable<HttpResponse<String>> call =
            () -> {
              start.await();
              return http.send(request, HttpResponse.BodyHandlers.ofString());
            };
        answers.add(pool.submit(call));
      }
      start.countDown();

      List<String> ids = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher id = ID.matcher(response.body());
        assertThat(id.find()).as(response.body()).isTrue();
        ids.add(id.group(1));
      }
      assertThat(ids).hasSize(clients).containsOnly(ids.get(0));
      assertThat(database.countProducts()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Response post(String key, String body, int status) {
    var request = given().contentType(ContentType.JSON).body(body);
    if (key != null) {
      request.header(ProductResource.IDEMPOTENCY_KEY, key);
    }
    return request.when().post("/api/products").then().statusCode(status).extract().response();
  }
}

package dev.generatorsuite.combiner.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP contract of the products API against a real PostgreSQL. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ProductResourceTest {

  private static final String PROBLEM = "application/problem+json";

  @Inject TestDatabase database;

  @BeforeEach
  void emptyTable() {
    database.clear();
  }

  @Test
  void flywayCreatedTheSchema() {
    assertThat(database.appliedMigrations()).containsExactly("1", "2", "3");
  }

  @Test
  void createsAProduct() {
    Instant before = Instant.now().minusSeconds(5);
    Response created =
        given()
            .contentType(ContentType.JSON)
            .body("{\"intValue\": 7, \"floatValue\": 12.5}")
            .when()
            .post("/api/products")
            .then()
            .statusCode(201)
            .contentType(ContentType.JSON)
            .body("id", notNullValue())
            .body("intValue", equalTo(7))
            .body("floatValue", equalTo(12.5f))
            .body("product", equalTo(87.5f))
            .body("outcome", equalTo("HIT"))
            .body("createdAt", notNullValue())
            .extract()
            .response();

    long id = created.jsonPath().getLong("id");
    assertThat(created.header("Location")).isEqualTo("/api/products/" + id);
    assertThat(created.header(ProductResource.IDEMPOTENT_REPLAYED)).isNull();
    assertThat(Instant.parse(created.jsonPath().getString("createdAt"))).isAfter(before);
    assertThat(database.countProducts()).isEqualTo(1);

    given()
        .when()
        .get("/api/products/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo((int) id))
        .body("intValue", equalTo(7))
        .body("product", equalTo(87.5f))
        .body("outcome", equalTo("HIT"))
        .body("createdAt", equalTo(created.jsonPath().getString("createdAt")));
  }

  @Test
  void classifiesByTheConfiguredThresholds() {
    assertThat(post(1, 49.9).jsonPath().getString("outcome")).isEqualTo("MISS");
    assertThat(post(1, 50.0).jsonPath().getString("outcome")).isEqualTo("HIT");
    assertThat(post(-1, 90.0).jsonPath().getString("outcome")).isEqualTo("CRIT");
  }

  @ParameterizedTest
  @ValueSource(strings = {"999999", "0", "-1", "abc", "1.5", "99999999999999999999"})
  void anUnknownIdIsAProblem404(String id) {
    given()
        .when()
        .get("/api/products/" + id)
        .then()
        .statusCode(404)
        .contentType(PROBLEM)
        .body("status", equalTo(404))
        .body("title", notNullValue())
        .body("type", containsString("not-found"));
  }

  @Test
  void pagesNewestFirst() {
    List<Long> ids =
        List.of(post(1, 1.0), post(2, 1.0), post(3, 1.0), post(4, 1.0), post(5, 1.0)).stream()
            .map(r -> r.jsonPath().getLong("id"))
            .toList();

    given()
        .queryParam("page", 0)
        .queryParam("size", 2)
        .when()
        .get("/api/products")
        .then()
        .statusCode(200)
        .body("page", equalTo(0))
        .body("size", equalTo(2))
        .body("total", equalTo(5))
        .body("items.intValue", contains(5, 4))
        .body("items[0].id", equalTo(ids.get(4).intValue()));
    given()
        .queryParam("page", 2)
        .queryParam("size", 2)
        .when()
        .get("/api/products")
        .then()
        .statusCode(200)
        .body("items.intValue", contains(1));
    given()
        .queryParam("page", 3)
        .queryParam("size", 2)
        .when()
        .get("/api/products")
        .then()
        .statusCode(200)
        .body("items", hasSize(0))
        .body("total", equalTo(5));
    given()
        .when()
        .get("/api/products")
        .then()
        .statusCode(200)
        .body("page", equalTo(0))
        .body("size", equalTo(20))
        .body("items.intValue", contains(5, 4, 3, 2, 1));
    given()
        .queryParam("page", Integer.MAX_VALUE)
        .queryParam("size", 100)
        .when()
        .get("/api/products")
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
  }

  @Test
  void acceptsTheSizeLimits() {
    given().queryParam("size", 1).when().get("/api/products").then().statusCode(200);
    given().queryParam("size", 100).when().get("/api/products").then().statusCode(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "size=0",
        "size=101",
        "size=x",
        "size=",
        "size=1.5",
        "page=-1",
        "page=x",
        "page=99999999999"
      })
  void rejectsBadPaging(String query) {
    given()
        .when()
        .get("/api/products?" + query)
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("status", equalTo(400))
        .body("detail", containsString("must be an integer"));
  }

  @Test
  void statsOfAnEmptyTable() {
    given()
        .when()
        .get("/api/products/stats")
        .then()
        .statusCode(200)
        .body("count", equalTo(0))
        .body("minProduct", nullValue())
        .body("maxProduct", nullValue())
        .body("avgProduct", nullValue())
        .body("byOutcome.MISS", equalTo(0))
        .body("byOutcome.HIT", equalTo(0))
        .body("byOutcome.CRIT", equalTo(0));
    assertThat(given().get("/api/products/stats").asString())
        .contains("\"minProduct\":null", "\"avgProduct\":null");
  }

  @Test
  void statsAfterKnownInserts() {
    post(1, 10.0); // MISS 10
    post(-2, 30.0); // HIT -60
    post(4, 25.0); // CRIT 100
    post(1, 20.0); // MISS 20

    given()
        .when()
        .get("/api/products/stats")
        .then()
        .statusCode(200)
        .body("count", equalTo(4))
        .body("minProduct", equalTo(-60.0f))
        .body("maxProduct", equalTo(100.0f))
        .body("avgProduct", equalTo(17.5f))
        .body("byOutcome.MISS", equalTo(2))
        .body("byOutcome.HIT", equalTo(1))
        .body("byOutcome.CRIT", equalTo(1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"floatValue\": 1.0}",
        "{\"intValue\": 1}",
        "{\"intValue\": null, \"floatValue\": 1.0}",
        "{\"intValue\": 1, \"floatValue\": null}",
        "{\"intValue\": \"abc\", \"floatValue\": 1.0}",
        "{\"intValue\": \"7\", \"floatValue\": 1.0}",
        "{\"intValue\": 1.5, \"floatValue\": 1.0}",
        "{\"intValue\": 1.0, \"floatValue\": 1.0}",
        "{\"intValue\": true, \"floatValue\": 1.0}",
        "{\"intValue\": 1, \"floatValue\": \"1.5\"}",
        "{\"intValue\": 1, \"floatValue\": \"NaN\"}",
        "{\"intValue\": 1, \"floatValue\": \"Infinity\"}",
        "{\"intValue\": 1, \"floatValue\": NaN}",
        "{\"intValue\": 1, \"floatValue\": 1e400}",
        "{\"intValue\": 1, \"floatValue\": [1.0]}",
        "{\"intValue\": 99999999999, \"floatValue\": 1.0}",
        "{\"intValue\": 1000001, \"floatValue\": 1.0}",
        "{\"intValue\": -1000001, \"floatValue\": 1.0}",
        "{\"intValue\": 1, \"floatValue\": 1000000.5}",
        "{\"intValue\": 1, \"floatValue\": -1000000.5}",
        "{\"intValue\": 1, \"floatValue\": 1.0, \"extra\": 1}",
        "{\"intValue\": 1, \"floatValue\": 1.0, \"product\": 1.0}",
        "{\"intValue\": 1, \"floatValue\": 1.0, \"outcome\": \"CRIT\"}",
        "{\"intValue\": 1, \"floatValue\": 1.0, \"intValue\": 2}",
        "{\"intValue\": 1, \"floatValue\": 1.0",
        "not json",
        "",
        "null",
        "[]",
        "[{\"intValue\": 1, \"floatValue\": 1.0}]",
        "42",
        "\"text\"",
        // Anything after the document (Jackson ignores it by default; found by the bad-input fuzz).
        "{\"intValue\": 1, \"floatValue\": 1.0} x",
        "{\"intValue\": 1, \"floatValue\": 1.0}}",
        "{\"intValue\": 1, \"floatValue\": 1.0},",
        "{\"intValue\": 1, \"floatValue\": 1.0}{\"intValue\": 2, \"floatValue\": 2.0}"
      })
  void rejectsABadBodyAndStoresNothing(String body) {
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .post("/api/products")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("status", equalTo(400))
        .body("type", notNullValue())
        .body("title", notNullValue())
        .body("detail", notNullValue());
    assertThat(database.countProducts()).isZero();
  }

  @Test
  void rejectsAnotherContentType() {
    given()
        .contentType(ContentType.TEXT)
        .body("{\"intValue\": 1, \"floatValue\": 1.0}")
        .when()
        .post("/api/products")
        .then()
        .statusCode(415)
        .contentType(PROBLEM)
        .body("status", equalTo(415));
    assertThat(database.countProducts()).isZero();
  }

  @TestHTTPResource("/api/products")
  URI products;

  /** java.net.http sends the Content-Type given, or none: RestAssured always adds one. */
  private HttpResponse<String> postWithContentType(String contentType) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(products)
            .POST(HttpRequest.BodyPublishers.ofString("{\"intValue\": 1, \"floatValue\": 1.0}"));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"*/*", "application/*", ";;;"})
  void rejectsABodyWithoutAConcreteContentType(String contentType) throws Exception {
    // Without one (or with a wildcard) the body went to the JSON reader and was stored.
    HttpResponse<String> response = postWithContentType(contentType);

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM);
    assertThat(response.body()).contains("\"status\":415");
    assertThat(database.countProducts()).isZero();
  }

  @Test
  void aQueryWithABadPercentEscapeIsAProblem() throws Exception {
    // Sent over a socket: HTTP clients refuse such URIs. Quarkus answered an empty 400.
    String answer;
    try (Socket socket = new Socket(products.getHost(), products.getPort())) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              "GET /api/products?page=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1));
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(answer)
        .startsWith("HTTP/1.1 400 ")
        .containsIgnoringCase("content-type: " + PROBLEM)
        .contains("\"type\":\"urn:generator-suite:problem:invalid-uri\"");
  }

  @Test
  void aWholeNumberIsAValidFloat() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"floatValue\": 3, \"intValue\": -4}")
        .when()
        .post("/api/products")
        .then()
        .statusCode(201)
        .body("product", equalTo(-12.0f))
        .body("outcome", equalTo("MISS"));
  }

  static Response post(int intValue, double floatValue) {
    return given()
        .contentType(ContentType.JSON)
        .body("{\"intValue\": " + intValue + ", \"floatValue\": " + floatValue + "}")
        .when()
        .post("/api/products")
        .then()
        .statusCode(201)
        .extract()
        .response();
  }
}

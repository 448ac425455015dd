package dev.generatorsuite.systemtests;

import static io.restassured.RestAssured.given;
import static io.restassured.path.json.config.JsonPathConfig.jsonPathConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four packaged services as real processes on free ports against a real PostgreSQL, driven over
 * HTTP the way a browser and an API client drive them.
 */
class SuiteSystemIT {

  private static final Pattern TOKEN = Pattern.compile("name=\"token\"\\s+value=\"([^\"]+)\"");

  private static LocalPostgres postgres;
  private static final List<ServiceProcess> services = new ArrayList<>();
  private static ServiceProcess intService;
  private static ServiceProcess floatService;
  private static ServiceProcess combinerService;
  private static ServiceProcess frontendService;

  @BeforeAll
  static void startSuite() throws Exception {
    Path root = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();
    postgres = LocalPostgres.start(0, null);
    intService = launch(root, "int-service", Map.of());
    floatService = launch(root, "float-service", Map.of());
    combinerService =
        launch(
            root,
            "combiner-service",
            Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", LocalPostgres.USER,
                "QUARKUS_DATASOURCE_PASSWORD", LocalPostgres.PASSWORD));
    // The three start side by side; the frontend needs their addresses, not their readiness.
    frontendService =
        launch(
            root,
            "frontend-service",
            Map.of(
                "QUARKUS_REST_CLIENT_INT_URL", intService.baseUrl(),
                "QUARKUS_REST_CLIENT_FLOAT_URL", floatService.baseUrl(),
                "QUARKUS_REST_CLIENT_COMBINER_URL", combinerService.baseUrl()));
    for (ServiceProcess service : services) {
      service.awaitReady();
    }
  }

  private static ServiceProcess launch(Path root, String name, Map<String, String> env)
      throws Exception {
    ServiceProcess service = ServiceProcess.start(root, name, env);
    services.add(service);
    return service;
  }

  @AfterAll
  static void stopSuite() throws Exception {
    for (ServiceProcess service : services) {
      service.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everyServiceNamesItsBuild() {
    for (ServiceProcess service :
        List.of(intService, floatService, combinerService, frontendService)) {
      given()
          .baseUri(service.baseUrl())
          .get("/version")
          .then()
          .statusCode(200)
          .body("service", notNullValue())
          .body("version", notNullValue())
          .body("build", notNullValue())
          .body("commit", notNullValue());
    }
  }

  @Test
  void generateThroughTheApiStoresTheCombinedProduct() throws SQLException {
    long rowsBefore = countProducts();

    Response created =
        given()
            .baseUri(frontendService.baseUrl())
            .contentType(ContentType.JSON)
            .post("/api/generate")
            .then()
            .statusCode(201)
            .extract()
            .response();
    // Read numbers as doubles: JsonPath's default, float, would drop digits the test compares.
    JsonPath json = created.jsonPath(jsonPathConfig().numberReturnType(NumberReturnType.DOUBLE));
    long id = json.getLong("id");
    int intValue = json.getInt("intValue");
    double floatValue = json.getDouble("floatValue");
    double product = json.getDouble("product");

    assertThat(product).isCloseTo(intValue * floatValue, offset(1e-6));
    assertThat(json.getString("outcome")).isIn("MISS", "HIT", "CRIT");
    assertThat(countProducts()).isEqualTo(rowsBefore + 1);
    assertThat(storedProduct(id)).isCloseTo(product, offset(1e-6));

    given()
        .baseUri(combinerService.baseUrl())
        .get("/api/products/" + id)
        .then()
        .statusCode(200)
        .body("intValue", equalTo(intValue));
    given()
        .baseUri(combinerService.baseUrl())
        .get("/api/products/stats")
        .then()
        .statusCode(200)
        .body("count", equalTo((int) countProducts()));
  }

  @Test
  void generateRepeatedWithOneKeyReturnsTheStoredProductAndStoresOne() throws SQLException {
    String key = "system-test-" + UUID.randomUUID();
    long rowsBefore = countProducts();

    Response first = generateWithKey(key, 201);
    // The repeat draws other values; the combiner refuses them and the frontend replays the
    // product the key stored, as a client retrying after a lost answer needs.
    Response second = generateWithKey(key, 200);

    assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(second.jsonPath().getLong("id")).isEqualTo(first.jsonPath().getLong("id"));
    assertThat(second.jsonPath().getString("createdAt"))
        .isEqualTo(first.jsonPath().getString("createdAt"));
    assertThat(second.header("Location")).isEqualTo(first.header("Location"));
    assertThat(countProducts()).isEqualTo(rowsBefore + 1);
  }

  private static Response generateWithKey(String key, int status) {
    return given()
        .baseUri(frontendService.baseUrl())
        .header("Idempotency-Key", key)
        .post("/api/generate")
        .then()
        .statusCode(status)
        .extract()
        .response();
  }

  @Test
  void theFormStoresOneProductEvenWhenSubmittedTwice() throws SQLException {
    String page =
        given()
            .baseUri(frontendService.baseUrl())
            .get("/")
            .then()
            .statusCode(200)
            .contentType(ContentType.HTML)
            .extract()
            .asString();
    Matcher token = TOKEN.matcher(page);
    assertThat(token.find()).as("the page carries a one-time token").isTrue();
    long rowsBefore = countProducts();

    String first = submitGenerateForm(token.group(1));
    // The second press draws new numbers under the same key: the combiner refuses to store them
    // and the page shows the product the first press stored, saying the form was already sent.
    String second = submitGenerateForm(token.group(1));

    assertThat(first).matches("/\\?product=\\d+");
    assertThat(second).isEqualTo(first + "&notice=already-submitted");
    assertThat(countProducts()).isEqualTo(rowsBefore + 1);
    given()
        .baseUri(frontendService.baseUrl())
        .redirects()
        .follow(false)
        .get(first)
        .then()
        .statusCode(200)
        .contentType(ContentType.HTML);
  }

  private static String submitGenerateForm(String token) {
    return given()
        .baseUri(frontendService.baseUrl())
        .redirects()
        .follow(false)
        .contentType(ContentType.URLENC)
        .formParam("token", token)
        .post("/generate")
        .then()
        .statusCode(303)
        .extract()
        .header("Location");
  }

  private static long countProducts() throws SQLException {
    try (Connection connection = postgres.connect();
        PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM product");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static double storedProduct(long id) throws SQLException {
    try (Connection connection = postgres.connect();
        PreparedStatement statement =
            connection.prepareStatement("SELECT product FROM product WHERE id = ?")) {
      statement.setLong(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).as("product %d is stored", id).isTrue();
        return rows.getDouble(1);
      }
    }
  }
}

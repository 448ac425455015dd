package dev.generatorsuite.frontend.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.generatorsuite.frontend.DownstreamServers;
import dev.generatorsuite.frontend.DownstreamTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/generate}: the flow as JSON, and what it does when a service misbehaves. */
@QuarkusTest
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GenerateApiTest extends DownstreamTest {

  @Test
  void refusesARequestBodyAndStoresNothing() {
    // It used to generate and store random values, ignoring what the caller sent (bad-input fuzz).
    for (String body : List.of("{\"intValue\": 7, \"floatValue\": 1.5}", "{}", "x")) {
      given()
          .contentType("application/json")
          .body(body)
          .when()
          .post("/api/generate")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("status", is(400))
          .body("detail", containsString("takes no request body"));
    }
    combinerService.verify(0, postRequestedFor(urlEqualTo("/api/products")));
  }

  @Test
  void refusesTwoKeysOrAnEmptyOne() {
    // @HeaderParam took the first of two keys and read an empty one as none (bad-input fuzz).
    given()
        .header("Idempotency-Key", "key-a")
        .header("Idempotency-Key", "key-b")
        .when()
        .post("/api/generate")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("One Idempotency-Key header"));
    given()
        .header("Idempotency-Key", "")
        .when()
        .post("/api/generate")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    combinerService.verify(0, postRequestedFor(urlEqualTo("/api/products")));
  }

  @TestHTTPResource("/api/generate")
  URI generateUri;

  @Test
  void refusesABodyWithoutContentTypeWith415() throws Exception {
    // java.net.http sends no Content-Type unless told; RestAssured always adds one.
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(generateUri)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    combinerService.verify(0, postRequestedFor(urlEqualTo("/api/products")));
  }

  @Test
  void generatesAndReturnsTheCombinersProduct() {
    given()
        .when()
        .post("/api/generate")
        .then()
        .statusCode(201)
        .contentType("application/json")
        .header("Location", "/api/products/42")
        .body("id", is(42))
        .body("intValue", is(7))
        .body("floatValue", is(1.5f))
        .body("product", is(10.5f))
        .body("outcome", is("HIT"))
        .body("createdAt", is("2025-01-02T03:04:05Z"));

    intService.verify(1, getRequestedFor(urlPathEqualTo("/api/int")));
    floatService.verify(1, getRequestedFor(urlPathEqualTo("/api/float")));
    combinerService.verify(
        1,
        postRequestedFor(urlEqualTo("/api/products"))
            .withHeader("Idempotency-Key", matching("[0-9a-f-]{36}"))
            .withRequestBody(equalToJson("{\"intValue\": 7, \"floatValue\": 1.5}")));
  }

  @Test
  void passesTheCallersIdempotencyKeyOn() {
    String key = "client-key-" + UUID.randomUUID();

    given().header("Idempotency-Key", key).when().post("/api/generate").then().statusCode(201);

    combinerService.verify(
        postRequestedFor(urlEqualTo("/api/products")).withHeader("Idempotency-Key", equalTo(key)));
  }

  @Test
  void rejectsAMalformedIdempotencyKeyWithoutCallingAnyone() {
    given()
        .header("Idempotency-Key", "x".repeat(65))
        .when()
        .post("/api/generate")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", is(400))
        .body("detail", containsString("at most 64"));

    assertThat(intService.getAllServeEvents()).isEmpty();
    assertThat(combinerService.getAllServeEvents()).isEmpty();
  }

  @Test
  void asksIntAndFloatAtTheSameTime() {
    given().when().post("/api/generate").then().statusCode(201); // warm-up: connections, classes
    intService.stubFor(
        get(urlPathEqualTo("/api/int")).willReturn(okJson(intJson(3)).withFixedDelay(400)));
    floatService.stubFor(
        get(urlPathEqualTo("/api/float")).willReturn(okJson(floatJson(2.5)).withFixedDelay(400)));

    long start = System.nanoTime();
    given().when().post("/api/generate").then().statusCode(201);
    long elapsed = millisSince(start);

    // One after the other would take at least 800 ms.
    // One after the other they would take at least 800 ms.
    assertThat(elapsed).isGreaterThanOrEqualTo(400).isLessThan(800);
  }

  @Test
  void namesIntServiceWhenItRefusesConnections() {
    intService.stop();
    assertUnavailable("int-service", "connection refused");
  }

  @Test
  void namesFloatServiceWhenItRefusesConnections() {
    floatService.stop();
    assertUnavailable("float-service", "connection refused");
  }

  @Test
  void namesCombinerServiceWhenItRefusesConnections() {
    combinerService.stop();
    assertUnavailable("combiner-service", "connection refused");
  }

  @Test
  void namesIntServiceWhenItIsSlowAndRetriesTwice() {
    intService.stubFor(
        get(urlPathEqualTo("/api/int")).willReturn(okJson(intJson(7)).withFixedDelay(5_000)));

    long elapsed = assertUnavailable("int-service", "timed out after 700 ms");

    // Three attempts of 700 ms (the %test timeout) and two short retry delays.
    assertThat(elapsed).isGreaterThanOrEqualTo(2_100).isLessThan(4_000);
    intService.verify(3, getRequestedFor(urlPathEqualTo("/api/int")));
  }

  @Test
  void appliesTheConfiguredTimeoutRatherThanTheAnnotationDefault() {
    // 900 ms is within @Timeout's default of 1 s but beyond the configured 700 ms (%test).
    intService.stubFor(
        get(urlPathEqualTo("/api/int")).willReturn(okJson(intJson(7)).withFixedDelay(900)));

    assertUnavailable("int-service", "timed out after 700 ms");
  }

  @Test
  void namesFloatServiceWhenItIsSlow() {
    floatService.stubFor(
        get(urlPathEqualTo("/api/float")).willReturn(okJson(floatJson(1.5)).withFixedDelay(5_000)));

    long elapsed = assertUnavailable("float-service", "timed out");

    // Three attempts of 700 ms, well before the 5 s answer: the bound leaves room for a loaded
    // machine (3.2 s were seen) while still proving that nobody waited for the slow answer.
    assertThat(elapsed).isLessThan(4_500);
  }

  @Test
  void namesCombinerServiceWhenItIsSlowAndRetriesWithTheSameKey() {
    combinerService.stubFor(
        post(urlEqualTo("/api/products")).willReturn(created(PRODUCT_42).withFixedDelay(5_000)));

    long elapsed = assertUnavailable("combiner-service", "timed out");

    assertThat(elapsed).isLessThan(4_500);
    List<LoggedRequest> writes =
        combinerService.findAll(postRequestedFor(urlEqualTo("/api/products")));
    assertThat(writes).hasSize(3);
    String key = writes.get(0).getHeader("Idempotency-Key");
    assertThat(key).isNotBlank();
    assertThat(writes).allSatisfy(w -> assertThat(w.getHeader("Idempotency-Key")).isEqualTo(key));
  }

  @Test
  void namesCombinerServiceWhenItAnswers503() {
    combinerService.stubFor(
        post(urlEqualTo("/api/products"))
            .willReturn(problem(503, "database-unavailable", "The database is not reachable")));

    assertUnavailable("combiner-service", "answered HTTP 503 (The database is not reachable)");
  }

  @Test
  void namesIntServiceWhenTheConnectionIsReset() {
    intService.stubFor(
        get(urlPathEqualTo("/api/int"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertUnavailable("int-service", "connection lost");
  }

  @Test
  void passesTheCombinersConflictOnWithoutRetrying() {
    combinerService.stubFor(
        post(urlEqualTo("/api/products"))
            .willReturn(
                problem(409, "idempotency-conflict", "The key was used with other values")));

    given()
        .header("Idempotency-Key", "used-before")
        .when()
        .post("/api/generate")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("status", is(409))
        .body("type", is("urn:generator-suite:problem:idempotency-conflict"))
        .body("detail", is("The key was used with other values"));

    combinerService.verify(1, postRequestedFor(urlEqualTo("/api/products")));
  }

  @Test
  void theSameKeyAgainReturnsTheProductItStoredAsAReplay() {
    String key = "retry-" + UUID.randomUUID();
    combinerStoresOnceUnder(key);

    Response first = given().header("Idempotency-Key", key).when().post("/api/generate");
    first.then().statusCode(201).body("id", is(42));
    // The retry draws other values: the combiner refuses them and names the key's product.
    intService.stubFor(get(urlPathEqualTo("/api/int")).willReturn(okJson(intJson(9))));
    Response second = given().header("Idempotency-Key", key).when().post("/api/generate");

    second
        .then()
        .statusCode(200)
        .contentType("application/json")
        .header("Location", "/api/products/42")
        .header("Idempotent-Replayed", "true")
        .body("id", is(42))
        .body("intValue", is(7))
        .body("product", is(10.5f))
        .body("createdAt", is("2025-01-02T03:04:05Z"));
    assertThat(first.header("Idempotent-Replayed")).isNull();
    List<LoggedRequest> writes =
        combinerService.findAll(postRequestedFor(urlEqualTo("/api/products")));
    assertThat(writes).hasSize(2);
    assertThat(writes).allSatisfy(w -> assertThat(w.getHeader("Idempotency-Key")).isEqualTo(key));
    assertThat(writes.get(1).getBodyAsString()).contains("\"intValue\":9");
    combinerService.verify(1, getRequestedFor(urlEqualTo("/api/products/42")));
  }

  @Test
  void aKeyConflictThatNamesNoProductStaysAConflict() {
    combinerService.stubFor(
        post(urlEqualTo("/api/products"))
            .willReturn(problem(409, "idempotency-key-reused", "used with another body")));

    given()
        .header("Idempotency-Key", "used-before")
        .when()
        .post("/api/generate")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .header("Idempotent-Replayed", nullValue())
        .body("type", is("urn:generator-suite:problem:idempotency-key-reused"))
        .body("detail", is("used with another body"));

    combinerService.verify(1, postRequestedFor(urlEqualTo("/api/products")));
    combinerService.verify(0, getRequestedFor(urlPathMatching("/api/products/.+")));
  }

  @Test
  void anotherConflictWithAProductIdIsNotTakenForAReplay() {
    combinerService.stubFor(
        post(urlEqualTo("/api/products"))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"type\":\"urn:generator-suite:problem:other-conflict\","
                            + "\"title\":\"Conflict\",\"status\":409,\"detail\":\"no\","
                            + "\"productId\":42}")));

    given().when().post("/api/generate").then().statusCode(409).body("detail", is("no"));

    combinerService.verify(0, getRequestedFor(urlPathMatching("/api/products/.+")));
  }

  @Test
  void theConflictStandsWhenTheNamedProductIsNotFound() {
    combinerService.stubFor(post(urlEqualTo("/api/products")).willReturn(keyReused(77)));
    combinerService.stubFor(
        get(urlEqualTo("/api/products/77")).willReturn(problem(404, "not-found", "No product")));

    given()
        .header("Idempotency-Key", "lost-product")
        .when()
        .post("/api/generate")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", is("urn:generator-suite:problem:idempotency-key-reused"));

    combinerService.verify(1, getRequestedFor(urlEqualTo("/api/products/77")));
  }

  @Test
  void opensTheCircuitAfterRepeatedFailuresAndStopsCallingTheService() {
    intService.stop();
    // %test: the circuit opens after 4 attempts, half of them failed; each request makes 2.
    // On a loaded machine a refused connection may surface as the timeout: either counts.
    assertUnavailable("int-service", "");
    assertUnavailable("int-service", "");
    intService.start();
    intService.stubFor(get(urlPathEqualTo("/api/int")).willReturn(okJson(intJson(7))));

    assertUnavailable("int-service", "circuit breaker open");
    intService.verify(0, getRequestedFor(urlPathEqualTo("/api/int")));
  }

  /** Asserts a 503 problem naming the service, and returns how long the answer took. */
  private long assertUnavailable(String service, String reason) {
    long start = System.nanoTime();
    Response response = given().when().post("/api/generate");
    long elapsed = millisSince(start);
    response
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("status", is(503))
        .body("title", is("Service Unavailable"))
        .body("type", is("urn:generator-suite:problem:service-unavailable"))
        .body("detail", containsString(service + " is unavailable: " + reason))
        .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("stackTrace")));
    assertThat(elapsed).isLessThan(3_000);
    return elapsed;
  }
}

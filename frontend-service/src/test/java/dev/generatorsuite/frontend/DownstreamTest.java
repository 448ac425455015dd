package dev.generatorsuite.frontend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.generatorsuite.frontend.DownstreamServers.CombinerService;
import dev.generatorsuite.frontend.DownstreamServers.FloatService;
import dev.generatorsuite.frontend.DownstreamServers.IntService;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that talk to the WireMock stand-ins: every test starts with all three services
 * up and healthy, no recorded requests, and every circuit breaker closed.
 */
public abstract class DownstreamTest {

  protected static final String PRODUCT_42 =
      """
      {"id": 42, "intValue": 7, "floatValue": 1.5, "product": 10.5, "outcome": "HIT",
       "createdAt": "2025-01-02T03:04:05Z"}""";

  @IntService protected WireMockServer intService;
  @FloatService protected WireMockServer floatService;
  @CombinerService protected WireMockServer combinerService;

  @Inject protected CircuitBreakerMaintenance circuitBreakers;

  @BeforeEach
  void startFromKnownState() {
    for (WireMockServer server : servers()) {
      if (!server.isRunning()) {
        server.start();
      }
      server.resetAll();
    }
    circuitBreakers.resetAll();
    healthy(intService, "int-service");
    healthy(floatService, "float-service");
    healthy(combinerService, "combiner-service");
    intService.stubFor(get(urlPathEqualTo("/api/int")).willReturn(okJson(intJson(7))));
    floatService.stubFor(get(urlPathEqualTo("/api/float")).willReturn(okJson(floatJson(1.5))));
    combinerService.stubFor(post(urlEqualTo("/api/products")).willReturn(created(PRODUCT_42)));
    combinerService.stubFor(
        get(urlPathEqualTo("/api/products"))
            .willReturn(okJson(page(List.of(PRODUCT_42), 0, 10, 1))));
    combinerService.stubFor(
        get(urlPathEqualTo("/api/job-runs/summary")).willReturn(okJson("{\"jobs\":[]}")));
    combinerService.stubFor(
        get(urlEqualTo("/api/products/stats"))
            .willReturn(
                okJson(
                    """
                    {"count": 1, "minProduct": 10.5, "maxProduct": 10.5, "avgProduct": 10.5,
                     "byOutcome": {"MISS": 0, "HIT": 1, "CRIT": 0}}""")));
  }

  protected List<WireMockServer> servers() {
    return List.of(intService, floatService, combinerService);
  }

  protected static void healthy(WireMockServer server, String name) {
    server.stubFor(
        get(urlEqualTo("/q/health/ready")).willReturn(okJson("{\"status\":\"UP\",\"checks\":[]}")));
    server.stubFor(
        get(urlEqualTo("/version"))
            .willReturn(
                okJson(
                    "{\"service\":\""
                        + name
                        + "\",\"version\":\"1.0.0\",\"build\":\"17\",\"commit\":\"abcdef123456\"}")));
  }

  protected static String intJson(long value) {
    return "{\"value\":" + value + ",\"min\":0,\"max\":100}";
  }

  protected static String floatJson(double value) {
    return "{\"value\":" + value + ",\"min\":0.0,\"max\":10.0}";
  }

  protected static String product(long id, String outcome, String createdAt) {
    return "{\"id\":"
        + id
        + ",\"intValue\":"
        + id
        + ",\"floatValue\":2.25,\"product\":"
        + id * 2.25
        + ",\"outcome\":\""
        + outcome
        + "\",\"createdAt\":\""
        + createdAt
        + "\"}";
  }

  protected static String page(List<String> items, int page, int size, long total) {
    return "{\"items\":["
        + String.join(",", items)
        + "],\"page\":"
        + page
        + ",\"size\":"
        + size
        + ",\"total\":"
        + total
        + "}";
  }

  protected static ResponseDefinitionBuilder created(String body) {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  protected static ResponseDefinitionBuilder problem(int status, String slug, String detail) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/problem+json")
        .withBody(
            "{\"type\":\"urn:generator-suite:problem:"
                + slug
                + "\",\"title\":\"Conflict\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\"}");
  }

  /** The combiner's 409 for a key already used with other values, naming the key's product. */
  protected static ResponseDefinitionBuilder keyReused(long productId) {
    return aResponse()
        .withStatus(409)
        .withHeader("Content-Type", "application/problem+json")
        .withHeader("Location", "/api/products/" + productId)
        .withBody(
            "{\"type\":\"urn:generator-suite:problem:idempotency-key-reused\",\"title\":"
                + "\"Conflict\",\"status\":409,\"detail\":\"The Idempotency-Key was already"
                + " used with another request body\",\"productId\":"
                + productId
                + "}");
  }

  /**
   * Makes the combiner stand-in keep its promise for one key: the first POST with it stores
   * PRODUCT_42, every later one is refused with the 409 that names product 42.
   */
  protected void combinerStoresOnceUnder(String key) {
    combinerService.stubFor(
        post(urlEqualTo("/api/products"))
            .withHeader("Idempotency-Key", WireMock.equalTo(key))
            .inScenario(key)
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("stored")
            .willReturn(created(PRODUCT_42)));
    combinerService.stubFor(
        post(urlEqualTo("/api/products"))
            .withHeader("Idempotency-Key", WireMock.equalTo(key))
            .inScenario(key)
            .whenScenarioStateIs("stored")
            .willReturn(keyReused(42)));
    combinerService.stubFor(get(urlEqualTo("/api/products/42")).willReturn(okJson(PRODUCT_42)));
  }

  /** Milliseconds since {@code start}, a {@link System#nanoTime()} value. */
  protected static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** A run as the combiner answers a claim or a result. */
  protected static String jobRun(
      long id, String job, String scheduledAt, String status, int made, String error) {
    return "{\"id\":"
        + id
        + ",\"job\":\""
        + job
        + "\",\"scheduledAt\":\""
        + scheduledAt
        + "\",\"manual\":false,\"owner\":\"frontend-test\",\"status\":\""
        + status
        + "\",\"startedAt\":\""
        + scheduledAt
        + "\",\"leaseUntil\":\""
        + scheduledAt
        + "\",\"finishedAt\":null,\"productsMade\":"
        + made
        + ",\"error\":"
        + (error == null ? "null" : "\"" + error + "\"")
        + "}";
  }
}

package dev.generatorsuite.frontend.api;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.generatorsuite.commons.requestid.CapturedLogs;
import dev.generatorsuite.frontend.DownstreamServers;
import dev.generatorsuite.frontend.DownstreamTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * The request id crosses the frontend: what nginx sends in is what int, float and combiner receive,
 * on the concurrent reactive path, on retries and on the page, and it is in the logs.
 */
@QuarkusTest
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RequestIdPropagationTest extends DownstreamTest {

  private static final String HEADER = "X-Request-Id";

  @Test
  void passesTheCallersIdToEveryServiceItCalls() {
    given()
        .header(HEADER, "abc-123")
        .when()
        .post("/api/generate")
        .then()
        .statusCode(201)
        .header(HEADER, is("abc-123"));

    intService.verify(
        1, getRequestedFor(urlPathEqualTo("/api/int")).withHeader(HEADER, equalTo("abc-123")));
    floatService.verify(
        1, getRequestedFor(urlPathEqualTo("/api/float")).withHeader(HEADER, equalTo("abc-123")));
    combinerService.verify(
        1, postRequestedFor(urlEqualTo("/api/products")).withHeader(HEADER, equalTo("abc-123")));
  }

  @Test
  void passesItsOwnIdOnWhenTheCallerSentNone() {
    String id =
        given().when().post("/api/generate").then().statusCode(201).extract().header(HEADER);

    assertThat(id).matches("[0-9a-f]{32}");
    intService.verify(getRequestedFor(urlPathEqualTo("/api/int")).withHeader(HEADER, equalTo(id)));
    floatService.verify(
        getRequestedFor(urlPathEqualTo("/api/float")).withHeader(HEADER, equalTo(id)));
    combinerService.verify(
        postRequestedFor(urlEqualTo("/api/products")).withHeader(HEADER, equalTo(id)));
  }

  @Test
  void keepsEachRequestsIdWhenRequestsOverlap() throws Exception {
    // Int and float answer slowly, so the requests are in flight at the same time and their
    // callbacks interleave on the event loops.
    intService.stubFor(
        get(urlPathEqualTo("/api/int")).willReturn(okJson(intJson(7)).withFixedDelay(300)));
    floatService.stubFor(
        get(urlPathEqualTo("/api/float")).willReturn(okJson(floatJson(1.5)).withFixedDelay(200)));
    List<String> ids = List.of("overlap-1", "overlap-2", "overlap-3", "overlap-4", "overlap-5");

    ExecutorService callers = Executors.newFixedThreadPool(ids.size());
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (String id : ids) {
        statuses.add(
            callers.submit(
                () -> given().header(HEADER, id).when().post("/api/generate").statusCode()));
      }
      for (Future<Integer> status : statuses) {
        assertThat(status.get()).isEqualTo(201);
      }
    } finally {
      callers.shutdownNow();
    }

    for (WireMockServer server : servers()) {
      List<String> received =
          server.getAllServeEvents().stream()
              .map(event -> event.getRequest())
              .filter(request -> request.getUrl().startsWith("/api/"))
              .map(request -> request.getHeader(HEADER))
              .toList();
      assertThat(received).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  @Test
  void sendsTheSameIdOnARetry() {
    intService.stubFor(
        get(urlPathEqualTo("/api/int")).willReturn(okJson(intJson(7)).withFixedDelay(5_000)));

    given().header(HEADER, "retried-1").when().post("/api/generate").then().statusCode(503);

    List<LoggedRequest> attempts = intService.findAll(getRequestedFor(urlPathEqualTo("/api/int")));
    assertThat(attempts).hasSize(3);
    assertThat(attempts).allSatisfy(a -> assertThat(a.getHeader(HEADER)).isEqualTo("retried-1"));
  }

  @Test
  void passesTheIdOnFromThePage() {
    given().header(HEADER, "page-1").when().get("/").then().statusCode(200);

    combinerService.verify(
        getRequestedFor(urlPathEqualTo("/api/products")).withHeader(HEADER, equalTo("page-1")));
    for (WireMockServer server : servers()) {
      server.verify(
          getRequestedFor(urlEqualTo("/q/health/ready")).withHeader(HEADER, equalTo("page-1")));
    }
  }

  @Test
  void logsTheIdWithTheAccessLine() {
    try (CapturedLogs logs = CapturedLogs.start()) {
      given().header(HEADER, "abc-123").when().post("/api/generate").then().statusCode(201);

      CapturedLogs.Line line =
          logs.await(
                  l ->
                      "dev.generatorsuite.access".equals(l.logger())
                          && "abc-123".equals(l.requestId()))
              .orElseThrow(() -> new AssertionError("No access line in " + logs.lines()));
      assertThat(line.level()).isEqualTo(Level.INFO);
      assertThat(line.message()).matches("POST /api/generate 201 \\d+ ms");
    }
  }

  @Test
  void logsTheIdWithAFailureSeenOnTheReactivePath() {
    intService.stop();
    try (CapturedLogs logs = CapturedLogs.start()) {
      given().header(HEADER, "down-1").when().post("/api/generate").then().statusCode(503);

      // Logged by the exception mapper after the failed call, its retry and the fallback.
      CapturedLogs.Line warning =
          logs.await(
                  l ->
                      l.level().intValue() == Level.WARNING.intValue()
                          && l.message().startsWith("Answering 503"))
              .orElseThrow(() -> new AssertionError("No warning in " + logs.lines()));
      assertThat(warning.requestId()).isEqualTo("down-1");
      assertThat(logs.await(l -> l.message().startsWith("POST /api/generate 503 ")))
          .hasValueSatisfying(l -> assertThat(l.requestId()).isEqualTo("down-1"));
    }
  }
}

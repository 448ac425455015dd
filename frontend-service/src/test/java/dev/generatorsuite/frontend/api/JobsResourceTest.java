package dev.generatorsuite.frontend.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.generatorsuite.frontend.DownstreamServers;
import dev.generatorsuite.frontend.DownstreamTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operators' job endpoints under /ops/jobs (nginx puts /ops behind Basic Auth). */
@QuarkusTest
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class JobsResourceTest extends DownstreamTest {

  private static final String PROBLEM = "application/problem+json";
  private static final String TICK = "2025-01-01T00:00:05Z";

  @Test
  void listsTheConfiguredJobsWithTheirRuns() {
    combinerService.stubFor(
        get(urlPathEqualTo("/api/job-runs/summary"))
            .willReturn(
                okJson(
                    "{\"jobs\":[{\"job\":\"batch\",\"paused\":true,"
                        + "\"byStatus\":{\"RUNNING\":0,\"SUCCEEDED\":3,\"FAILED\":1},"
                        + "\"successRate\":0.75,\"lastRun\":"
                        + jobRun(4, "batch", TICK, "SUCCEEDED", 2, null)
                        + ",\"lastFailure\":"
                        + jobRun(3, "batch", TICK, "FAILED", 0, "int-service is unavailable: x")
                        + ",\"recent\":[]}]}")));

    given()
        .when()
        .get("/ops/jobs")
        .then()
        .statusCode(200)
        .body("name", contains("batch", "nightly"))
        .body("[0].schedule", equalTo("every 1d"))
        .body("[0].productsPerRun", equalTo(2))
        .body("[0].enabled", equalTo(false))
        .body("[0].paused", equalTo(true))
        .body("[0].successRate", equalTo(0.75f))
        .body("[0].lastRun.id", equalTo(4))
        .body("[0].lastFailure.error", equalTo("int-service is unavailable: x"))
        .body("[0].nextRun", nullValue())
        .body("[1].schedule", equalTo("cron 0 0 3 * * ?"))
        .body("[1].paused", equalTo(false))
        .body("[1].lastRun", nullValue())
        .body("[1].successRate", nullValue());
  }

  @Test
  void listingNeedsTheCombiner() {
    combinerService.stop();

    given()
        .when()
        .get("/ops/jobs")
        .then()
        .statusCode(503)
        .contentType(PROBLEM)
        .body("detail", equalTo("combiner-service is unavailable: connection refused"));
  }

  @Test
  void pausesAndResumesForEveryReplica() {
    combinerService.stubFor(
        put(urlEqualTo("/api/job-states/batch"))
            .withRequestBody(equalToJson("{\"paused\":true}"))
            .willReturn(okJson("{\"job\":\"batch\",\"paused\":true}")));
    combinerService.stubFor(
        put(urlEqualTo("/api/job-states/batch"))
            .withRequestBody(equalToJson("{\"paused\":false}"))
            .willReturn(okJson("{\"job\":\"batch\",\"paused\":false}")));

    given()
        .post("/ops/jobs/batch/pause")
        .then()
        .statusCode(200)
        .body("job", equalTo("batch"))
        .body("paused", equalTo(true));
    given().post("/ops/jobs/batch/resume").then().statusCode(200).body("paused", equalTo(false));
    combinerService.verify(exactly(2), putRequestedFor(urlEqualTo("/api/job-states/batch")));
  }

  @Test
  void thePagesButtonsComeBackToThePage() {
    combinerService.stubFor(
        put(urlEqualTo("/api/job-states/batch")).willReturn(okJson("{\"paused\":true}")));
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/claims"))
            .willReturn(created(jobRun(5, "batch", TICK, "RUNNING", 0, null))));

    for (String action : new String[] {"pause", "resume", "trigger"}) {
      given()
          .redirects()
          .follow(false)
          .contentType("application/x-www-form-urlencoded")
          .accept("text/html,application/xhtml+xml,*/*;q=0.8")
          .formParam("x", "")
          .post("/ops/jobs/batch/" + action)
          .then()
          .statusCode(303)
          .header("Location", containsString("/#jobs"));
    }
    // The triggered run goes on in the background; let it finish before the next test.
    eventually(
        () -> combinerService.verify(postRequestedFor(urlEqualTo("/api/job-runs/5/result"))));
  }

  @Test
  void triggersAManualRunThatIsMadeInTheBackground() {
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/claims"))
            .willReturn(created(jobRun(6, "batch", TICK, "RUNNING", 0, null))));
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/6/result"))
            .willReturn(okJson(jobRun(6, "batch", TICK, "SUCCEEDED", 3, null))));

    given()
        .post("/ops/jobs/batch/trigger?products=3")
        .then()
        .statusCode(202)
        .body("id", equalTo(6))
        .body("status", equalTo("RUNNING"));

    combinerService.verify(
        postRequestedFor(urlEqualTo("/api/job-runs/claims"))
            .withRequestBody(matchingJsonPath("$.manual", WireMock.equalTo("true")))
            .withRequestBody(matchingJsonPath("$.job", WireMock.equalTo("batch"))));
    eventually(
        () ->
            combinerService.verify(
                postRequestedFor(urlEqualTo("/api/job-runs/6/result"))
                    .withRequestBody(matchingJsonPath("$.status", WireMock.equalTo("SUCCEEDED")))
                    .withRequestBody(matchingJsonPath("$.productsMade", WireMock.equalTo("3")))));
    combinerService.verify(exactly(3), postRequestedFor(urlEqualTo("/api/products")));
  }

  @Test
  void anUnknownJobIsA404() {
    for (String action : new String[] {"pause", "resume", "trigger"}) {
      given()
          .post("/ops/jobs/unknown/" + action)
          .then()
          .statusCode(404)
          .contentType(PROBLEM)
          .body("detail", equalTo("No job named unknown"));
    }
    combinerService.verify(exactly(0), postRequestedFor(anyUrl()));
    combinerService.verify(exactly(0), putRequestedFor(anyUrl()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ops/jobs/Bad_Name/pause",
        "/ops/jobs/Bad_Name/trigger",
        "/ops/jobs/batch/trigger?products=0",
        "/ops/jobs/batch/trigger?products=101",
        "/ops/jobs/batch/trigger?products=x",
        "/ops/jobs/batch/trigger?products="
      })
  void badInputIsA400AndNothingIsClaimedOrStored(String path) {
    given().post(path).then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
    combinerService.verify(exactly(0), postRequestedFor(anyUrl()));
    combinerService.verify(exactly(0), putRequestedFor(anyUrl()));
  }

  @Test
  void aPausedCombinerAnswerIsPassedOn() {
    combinerService.stubFor(
        put(urlEqualTo("/api/job-states/batch"))
            .willReturn(aResponse().withStatus(503).withBody("{}")));

    given()
        .post("/ops/jobs/batch/pause")
        .then()
        .statusCode(503)
        .contentType(PROBLEM)
        .body("detail", containsString("combiner-service is unavailable"));
  }

  /** Retries an assertion until it holds or 20 s have passed. */
  static void eventually(Runnable assertion) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}

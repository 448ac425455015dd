package dev.generatorsuite.frontend.domain;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.generatorsuite.frontend.DownstreamServers;
import dev.generatorsuite.frontend.DownstreamTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One tick of a job against WireMock stand-ins: who runs it, what is made, what is reported. */
@QuarkusTest
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class JobRunnerTest extends DownstreamTest {

  private static final String TICK = "2025-01-01T00:00:05Z";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject JobRunner runner;
  @Inject JobCatalog catalog;

  private JobDefinition batch;

  @BeforeEach
  void job() {
    batch = catalog.find("batch").orElseThrow();
  }

  @Test
  void theWinnerMakesEveryProductWithItsOwnKeyAndReportsSuccess() {
    winsTheClaim(7);
    reportsAccepted(7);

    RunReport report = runner.runTick(batch, Instant.parse(TICK)).await().atMost(WAIT);

    assertThat(report.outcome()).as(report.detail()).isEqualTo(RunReport.Outcome.RAN);
    assertThat(report.run().status()).isEqualTo("SUCCEEDED");
    combinerService.verify(
        postRequestedFor(urlEqualTo("/api/job-runs/claims"))
            .withRequestBody(
                equalToJson(
                    "{\"job\":\"batch\",\"scheduledAt\":\""
                        + TICK
                        + "\",\"owner\":\"frontend-test\",\"leaseSeconds\":20,\"manual\":false}")));
    combinerService.verify(exactly(2), postRequestedFor(urlEqualTo("/api/products")));
    for (int i = 0; i < 2; i++) {
      combinerService.verify(
          postRequestedFor(urlEqualTo("/api/products"))
              .withHeader("Idempotency-Key", equalTo("job:batch:1735689605000:" + i)));
    }
    combinerService.verify(
        postRequestedFor(urlEqualTo("/api/job-runs/7/result"))
            .withRequestBody(
                equalToJson(
                    "{\"owner\":\"frontend-test\",\"status\":\"SUCCEEDED\",\"productsMade\":2,"
                        + "\"error\":null}")));
    assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
        .containsPattern("generator_job_ticks_total\\{[^}]*job=\"batch\"[^}]*outcome=\"ran\"");
  }

  @Test
  void aLoserMakesNothingAndReportsNothing() {
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/claims"))
            .willReturn(problem(409, "already-claimed", "claimed by frontend-2")));

    RunReport report = runner.runTick(batch, Instant.parse(TICK)).await().atMost(WAIT);

    assertThat(report.outcome()).as(report.detail()).isEqualTo(RunReport.Outcome.LOST);
    combinerService.verify(exactly(1), postRequestedFor(urlEqualTo("/api/job-runs/claims")));
    combinerService.verify(exactly(0), postRequestedFor(urlEqualTo("/api/products")));
    assertThat(intService.getAllServeEvents())
        .noneMatch(e -> e.getRequest().getUrl().startsWith("/api/int"));
  }

  @Test
  void aPausedJobMakesNothing() {
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/claims"))
            .willReturn(problem(409, "job-paused", "Job 'batch' is paused")));

    RunReport report = runner.runTick(batch, Instant.parse(TICK)).await().atMost(WAIT);

    assertThat(report.outcome()).as(report.detail()).isEqualTo(RunReport.Outcome.PAUSED);
    combinerService.verify(exactly(0), postRequestedFor(urlEqualTo("/api/products")));
  }

  @Test
  void aDownstreamOutageIsReportedAsAFailureWithAClearError() {
    winsTheClaim(8);
    reportsAccepted(8);
    intService.stop();

    RunReport report = runner.runTick(batch, Instant.parse(TICK)).await().atMost(WAIT);

    assertThat(report.outcome()).as(report.detail()).isEqualTo(RunReport.Outcome.RAN);
    assertThat(report.detail()).contains("FAILED, 0 products: int-service is unavailable");
    combinerService.verify(exactly(0), postRequestedFor(urlEqualTo("/api/products")));
    combinerService.verify(
        postRequestedFor(urlEqualTo("/api/job-runs/8/result"))
            .withRequestBody(matchingJsonPath("$.status", equalTo("FAILED")))
            .withRequestBody(matchingJsonPath("$.productsMade", equalTo("0")))
            .withRequestBody(
                matchingJsonPath(
                    "$.error", equalTo("int-service is unavailable: connection refused"))));
  }

  @Test
  void aProductStoredByAnEarlierAttemptCountsOnce() {
    winsTheClaim(9);
    reportsAccepted(9);
    combinerService.stubFor(
        post(urlEqualTo("/api/products"))
            .withHeader("Idempotency-Key", equalTo("job:batch:1735689605000:0"))
            .willReturn(problem(409, "idempotency-key-reused", "already used")));

    RunReport report = runner.runTick(batch, Instant.parse(TICK)).await().atMost(WAIT);

    assertThat(report.detail()).isEqualTo("SUCCEEDED, 2 products");
    combinerService.verify(
        postRequestedFor(urlEqualTo("/api/job-runs/9/result"))
            .withRequestBody(matchingJsonPath("$.productsMade", equalTo("2"))));
  }

  @Test
  void aCombinerThatCannotBeAskedRunsNothing() {
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/claims")).willReturn(aResponse().withStatus(500)));

    RunReport report = runner.runTick(batch, Instant.parse(TICK)).await().atMost(WAIT);

    assertThat(report.outcome()).as(report.detail()).isEqualTo(RunReport.Outcome.ERROR);
    assertThat(report.detail()).startsWith("could not claim the tick: combiner-service");
    combinerService.verify(exactly(0), postRequestedFor(urlEqualTo("/api/products")));
  }

  @Test
  void aResultTheCombinerRefusesLeavesTheRunToItsLease() {
    winsTheClaim(10);
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/10/result"))
            .willReturn(problem(409, "run-finished", "Run 10 is already FAILED")));

    RunReport report = runner.runTick(batch, Instant.parse(TICK)).await().atMost(WAIT);

    assertThat(report.outcome()).as(report.detail()).isEqualTo(RunReport.Outcome.ERROR);
    assertThat(report.detail()).contains("the result was not recorded", "Run 10 is already FAILED");
  }

  private void winsTheClaim(long id) {
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/claims"))
            .willReturn(created(jobRun(id, "batch", TICK, "RUNNING", 0, null))));
  }

  private void reportsAccepted(long id) {
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/" + id + "/result"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(jobRun(id, "batch", TICK, "SUCCEEDED", 2, null))));
  }
}

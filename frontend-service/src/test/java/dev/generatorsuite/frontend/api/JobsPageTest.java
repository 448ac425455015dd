package dev.generatorsuite.frontend.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.generatorsuite.frontend.DownstreamServers;
import dev.generatorsuite.frontend.DownstreamTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The page's "Scheduled jobs" section. */
@QuarkusTest
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class JobsPageTest extends DownstreamTest {

  @Test
  void showsEveryJobWithItsRunsChartAndLastFailure() {
    combinerService.stubFor(
        get(urlPathEqualTo("/api/job-runs/summary"))
            .willReturn(
                okJson(
                    "{\"jobs\":[{\"job\":\"batch\",\"paused\":true,"
                        + "\"byStatus\":{\"RUNNING\":1,\"SUCCEEDED\":3,\"FAILED\":1},"
                        + "\"successRate\":0.75,\"lastRun\":"
                        + jobRun(5, "batch", "2025-01-01T00:00:20Z", "RUNNING", 0, null)
                        + ",\"lastFailure\":"
                        + jobRun(
                            4,
                            "batch",
                            "2025-01-01T00:00:15Z",
                            "FAILED",
                            0,
                            "int-service is unavailable: connection refused")
                        + ",\"recent\":["
                        + jobRun(5, "batch", "2025-01-01T00:00:20Z", "RUNNING", 0, null)
                        + ","
                        + jobRun(4, "batch", "2025-01-01T00:00:15Z", "FAILED", 0, "down")
                        + ","
                        + jobRun(3, "batch", "2025-01-01T00:00:10Z", "SUCCEEDED", 2, null)
                        + "]}]}")));

    String html = given().get("/").then().statusCode(200).extract().asString();

    assertThat(html)
        .contains("<section class=\"card jobs\" id=\"jobs\"", "Scheduled jobs")
        .contains("<th scope=\"row\">batch</th>", "every 1d", "2 per run")
        .contains("<th scope=\"row\">nightly</th>", "cron 0 0 3 * * ?", "3 per run")
        .contains("job-state job-state-disabled\">disabled")
        .contains("2025-01-01 00:00:20 UTC <span class=\"run-status run-running\">RUNNING")
        .contains("75 % (3 of 4)")
        .contains("Last 3 runs of batch: 1 succeeded, 1 failed, 1 running.")
        .contains(
            "Last failure of batch (2025-01-01 00:00:15 UTC): int-service is unavailable:"
                + " connection refused")
        .contains("action=\"/ops/jobs/batch/resume\"", "action=\"/ops/jobs/batch/trigger\"")
        .contains("No runs of nightly yet.", "action=\"/ops/jobs/nightly/pause\"")
        .doesNotContain("action=\"/ops/jobs/batch/pause\"");
    // Oldest run on the left: succeeded, failed, running.
    assertThat(html)
        .containsPattern(
            "run-bar run-succeeded\" x=\"0\"[\\s\\S]*run-bar run-failed\" x=\"10\"[\\s\\S]*"
                + "run-bar run-running\" x=\"20\"");
  }

  @Test
  void saysSoWhenTheRunsCannotBeRead() {
    combinerService.stubFor(
        get(urlPathEqualTo("/api/job-runs/summary")).willReturn(aResponse().withStatus(500)));

    String html = given().get("/").then().statusCode(200).extract().asString();

    assertThat(html)
        .contains("Job runs are not available: combiner-service is unavailable")
        .contains("<th scope=\"row\">batch</th>", "job-state-disabled")
        .doesNotContain("action=\"/ops/jobs/batch/pause\"", "action=\"/ops/jobs/batch/resume\"");
  }
}

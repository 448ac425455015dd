package dev.generatorsuite.frontend.api;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.generatorsuite.frontend.DownstreamServers;
import dev.generatorsuite.frontend.DownstreamTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A slow int-service and more concurrent Generate calls than the bulkhead admits: the calls over
 * the limit answer 503 naming the service and never reach it; the others wait their turn and
 * succeed. Bulkhead 2 running + 2 waiting here (production: application.properties).
 */
@QuarkusTest
@TestProfile(GenerateBulkheadTest.SmallBulkhead.class)
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class GenerateBulkheadTest extends DownstreamTest {

  public static class SmallBulkhead implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.fault-tolerance.global.bulkhead.value", "2",
          "quarkus.fault-tolerance.global.bulkhead.waiting-task-queue", "2",
          // Room for a queued call: it waits one slow answer, then takes one itself.
          "frontend.call-timeout-ms", "5000",
          "quarkus.rest-client.int.read-timeout", "5000");
    }
  }

  private static final int CALLS = 8;
  private static final int SLOW_MS = 1_000;

  @TestHTTPResource("/api/generate")
  URI generate;

  @Test
  void callsOverTheLimitAreTurnedAwayAndNeverReachTheService() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(generate)
            .POST(HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(20))
            .build();
    // Warm-up: classes loaded and connections open, so the burst below arrives at once.
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(201);
    intService.resetRequests();
    intService.stubFor(
        get(urlPathEqualTo("/api/int")).willReturn(okJson(intJson(7)).withFixedDelay(SLOW_MS)));

    List<CompletableFuture<HttpResponse<String>>> calls =
        IntStream.range(0, CALLS)
            .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
            .toList();
    List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

    List<HttpResponse<String>> stored =
        answers.stream().filter(a -> a.statusCode() == 201).toList();
    List<HttpResponse<String>> turnedAway =
        answers.stream().filter(a -> a.statusCode() == 503).toList();
    assertThat(stored.size() + turnedAway.size()).as("only 201 and 503").isEqualTo(CALLS);
    assertThat(stored).hasSizeBetween(2, 4);
    assertThat(turnedAway).isNotEmpty();
    for (HttpResponse<String> busy : turnedAway) {
      assertThat(busy.body()).contains("int-service is unavailable: too many calls in progress");
    }
    // Neither retried nor let through: only the admitted calls reached the slow service.
    intService.verify(stored.size(), getRequestedFor(urlPathEqualTo("/api/int")));
  }
}

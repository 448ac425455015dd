package dev.generatorsuite.frontend.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.generatorsuite.frontend.DownstreamServers;
import dev.generatorsuite.frontend.DownstreamTest;
import dev.generatorsuite.frontend.domain.Dashboard;
import dev.generatorsuite.frontend.domain.ServiceStatus;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up warm-up makes the page's and Generate's calls once, and is bounded. */
@QuarkusTest
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PageWarmupTest extends DownstreamTest {

  @Inject PageWarmup warmup;

  @Test
  void callsEveryServiceThePageAndGenerateNeed() {
    Optional<Dashboard> loaded = warmup.warm(Duration.ofSeconds(10));

    assertThat(loaded).isPresent();
    assertThat(loaded.get().services()).hasSize(4).allMatch(ServiceStatus::up);
    combinerService.verify(getRequestedFor(urlPathEqualTo("/api/products")));
    combinerService.verify(getRequestedFor(urlEqualTo("/api/products/stats")));
    combinerService.verify(getRequestedFor(urlPathEqualTo("/api/job-runs/summary")));
    intService.verify(getRequestedFor(urlPathEqualTo("/api/int")));
    floatService.verify(getRequestedFor(urlPathEqualTo("/api/float")));
    // Nothing is created.
    assertThat(combinerService.findAll(postRequestedFor(urlEqualTo("/api/products")))).isEmpty();
  }

  @Test
  void givesUpAtItsTimeoutWhenAServiceIsSlow() throws InterruptedException {
    // The status probe is neither retried nor cut off within its bound (2 s in tests): nothing of
    // this test is still running once the delayed answer is sent.
    intService.stubFor(
        get(urlEqualTo("/q/health/ready"))
            .willReturn(aResponse().withFixedDelay(1_500).withStatus(200).withBody("{}")));
    Instant start = Instant.now();

    Optional<Dashboard> loaded = warmup.warm(Duration.ofMillis(300));

    assertThat(loaded).isEmpty();
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(1_200));
    Thread.sleep(1_500); // the delayed answer ends before the next test resets the stubs
  }
}

package dev.generatorsuite.frontend.client;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a node failure looks like to the frontend: int-service has two tasks in discovery, one of
 * them gone (its address refuses connections). Stork takes the next task on every call, so the
 * retry of a failed attempt goes to the live task: every call succeeds and the circuit breaker,
 * which covers both tasks, stays closed. In the stack the same balancer gets the tasks from Swarm's
 * DNS instead of this static list.
 */
@QuarkusTest
@WithTestResource(
    value = ReplicaFailoverTest.TwoReplicasOneGone.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ReplicaFailoverTest {

  private static final int CALLS = 30;

  @Inject IntClient intClient;

  /** The live task, injected by {@link TwoReplicasOneGone}. */
  WireMockServer liveReplica;

  @Test
  void everyCallSucceedsWhileOneOfTwoReplicasIsGone() {
    // Half of the attempts fail; had the breaker opened (it opens at 3 in 4 failures, in tests
    // after 4 attempts), the calls after it would have failed without reaching either task.
    everyCallReachesTheLiveTask(intClient, liveReplica, CALLS);
  }

  /** Makes {@code calls} calls, one after the other: each succeeds, each reached the live task. */
  static void everyCallReachesTheLiveTask(IntClient client, WireMockServer live, int calls) {
    for (int i = 0; i < calls; i++) {
      assertThat(client.nextValue().await().atMost(Duration.ofSeconds(5))).isEqualTo(7L);
    }
    live.verify(calls, getRequestedFor(urlPathEqualTo("/api/int")));
  }

  /**
   * int-service as two tasks: a dead address first (also in address order: 127.0.0.1 before
   * localhost), then a WireMock server. Init argument {@code load-balancer}: Stork's balancer type,
   * round-robin unless given.
   */
  public static class TwoReplicasOneGone implements QuarkusTestResourceLifecycleManager {

    private WireMockServer live;
    private String loadBalancer = "round-robin";

    @Override
    public void init(Map<String, String> initArgs) {
      loadBalancer = initArgs.getOrDefault("load-balancer", loadBalancer);
    }

    @Override
    public Map<String, String> start() {
      live = startedIntTask();
      return Map.of(
          "quarkus.rest-client.int.url",
          "stork://int-service",
          "quarkus.stork.int-service.service-discovery.type",
          "static",
          "quarkus.stork.int-service.service-discovery.address-list",
          "127.0.0.1:" + closedPort() + ",localhost:" + live.port(),
          "quarkus.stork.int-service.load-balancer.type",
          loadBalancer);
    }

    @Override
    public void inject(TestInjector injector) {
      injector.injectIntoFields(live, new TestInjector.MatchesType(WireMockServer.class));
    }

    @Override
    public void stop() {
      live.stop();
    }

    /** A WireMock server answering {@code GET /api/int} with 7, as a live int-service task. */
    static WireMockServer startedIntTask() {
      WireMockServer task = new WireMockServer(wireMockConfig().dynamicPort());
      task.start();
      task.stubFor(
          get(urlPathEqualTo("/api/int"))
              .willReturn(okJson("{\"value\":7,\"min\":1,\"max\":100}")));
      return task;
    }

    /** A port nothing listens on: connecting to it is refused, like a task that has gone. */
    private static int closedPort() {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

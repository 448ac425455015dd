package dev.generatorsuite.frontend.client;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code fill-first} balancer as the frontend runs it: with two live int-service tasks, calls
 * made one after the other all go to the first in address order. More calls than its bound of 16 in
 * flight show that every call is counted out again when it ends; a count that leaked would send the
 * later calls to the second task.
 */
@QuarkusTest
@WithTestResource(
    value = FillFirstBalancingTest.TwoLiveReplicas.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS)
class FillFirstBalancingTest {

  private static final int CALLS = 40;

  @Inject IntClient intClient;

  @Test
  void callsOneAfterTheOtherAllGoToTheFirstTask() {
    ReplicaFailoverTest.everyCallReachesTheLiveTask(intClient, TwoLiveReplicas.first, CALLS);
    TwoLiveReplicas.second.verify(0, getRequestedFor(urlPathEqualTo("/api/int")));
  }

  /** int-service as two WireMock tasks, 127.0.0.1 first in address order, then localhost. */
  public static class TwoLiveReplicas implements QuarkusTestResourceLifecycleManager {

    static WireMockServer first;
    static WireMockServer second;

    @Override
    public Map<String, String> start() {
      first = ReplicaFailoverTest.TwoReplicasOneGone.startedIntTask();
      second = ReplicaFailoverTest.TwoReplicasOneGone.startedIntTask();
      return Map.of(
          "quarkus.rest-client.int.url", "stork://int-service",
          "quarkus.stork.int-service.service-discovery.type", "static",
          "quarkus.stork.int-service.service-discovery.address-list",
              "localhost:" + second.port() + ",127.0.0.1:" + first.port(),
          "quarkus.stork.int-service.load-balancer.type", "fill-first");
    }

    @Override
    public void stop() {
      first.stop();
      second.stop();
    }
  }
}

package dev.generatorsuite.frontend.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplicaFailoverTest} with the {@code fill-first} balancer, which sends every call to the
 * first task in address order: here the dead one. Its first refused attempt makes the balancer pass
 * it over, so the retry and the calls after it go to the live task, and every call succeeds.
 */
@QuarkusTest
@WithTestResource(
    value = ReplicaFailoverTest.TwoReplicasOneGone.class,
    scope = TestResourceScope.RESTRICTED_TO_CLASS,
    initArgs = @ResourceArg(name = "load-balancer", value = "fill-first"))
class FillFirstFailoverTest {

  @Inject IntClient intClient;

  /** The live task, injected by {@link ReplicaFailoverTest.TwoReplicasOneGone}. */
  WireMockServer liveReplica;

  @Test
  void everyCallSucceedsWhenTheFirstTaskIsGone() {
    ReplicaFailoverTest.everyCallReachesTheLiveTask(intClient, liveReplica, 30);
  }
}

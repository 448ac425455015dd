package dev.generatorsuite.frontend.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.stork.api.ServiceInstance;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SwarmDnsServiceDiscoveryTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private final List<String> askedFor = new ArrayList<>();

  private SwarmDnsServiceDiscovery discovery(Function<String, Future<List<String>>> dns) {
    return new SwarmDnsServiceDiscovery(
        "int-service",
        8080,
        "2S",
        name -> {
          askedFor.add(name);
          return dns.apply(name);
        });
  }

  private static List<String> addresses(List<ServiceInstance> instances) {
    return instances.stream().map(i -> i.getHost() + ":" + i.getPort()).toList();
  }

  @Test
  void everyARecordIsATaskOnTheConfiguredPort() {
    List<ServiceInstance> instances =
        discovery(name -> Future.succeededFuture(List.of("10.0.1.7", "10.0.1.5", "10.0.1.7")))
            .fetchNewServiceInstances(List.of())
            .await()
            .atMost(WAIT);

    assertThat(askedFor).containsExactly("int-service");
    assertThat(addresses(instances)).containsExactly("10.0.1.5:8080", "10.0.1.7:8080");
    assertThat(instances).extracting(ServiceInstance::isSecure).containsOnly(false);
  }

  @Test
  void aTaskStillListedKeepsItsInstanceSoTheBalancerKeepsCountingIt() {
    SwarmDnsServiceDiscovery discovery =
        discovery(name -> Future.succeededFuture(List.of("10.0.1.5", "10.0.1.6")));
    List<ServiceInstance> first =
        discovery.fetchNewServiceInstances(List.of()).await().atMost(WAIT);

    SwarmDnsServiceDiscovery later =
        discovery(name -> Future.succeededFuture(List.of("10.0.1.6", "10.0.1.9")));
    List<ServiceInstance> second = later.fetchNewServiceInstances(first).await().atMost(WAIT);

    assertThat(addresses(second)).containsExactly("10.0.1.6:8080", "10.0.1.9:8080");
    assertThat(second.get(0)).isSameAs(first.get(1));
    assertThat(second.get(1).getId()).isNotIn(first.get(0).getId(), first.get(1).getId());
  }

  @Test
  void aNameDnsDoesNotKnowMeansNoTaskNotTheLastAnswer() {
    List<ServiceInstance> known =
        discovery(name -> Future.succeededFuture(List.of("10.0.1.5")))
            .fetchNewServiceInstances(List.of())
            .await()
            .atMost(WAIT);

    List<ServiceInstance> afterScaleToZero =
        discovery(name -> Future.failedFuture(new DnsException(DnsResponseCode.NXDOMAIN)))
            .fetchNewServiceInstances(known)
            .await()
            .atMost(WAIT);

    assertThat(afterScaleToZero).isEmpty();
  }

  @Test
  void anyOtherDnsFailureIsAFailureSoStorkKeepsTheLastAnswer() {
    assertThatThrownBy(
            () ->
                discovery(name -> Future.failedFuture(new DnsException(DnsResponseCode.SERVFAIL)))
                    .fetchNewServiceInstances(List.of())
                    .await()
                    .atMost(WAIT))
        .hasStackTraceContaining("SERVFAIL");
    assertThatThrownBy(
            () ->
                discovery(name -> Future.failedFuture(new VertxException("DNS query timed out")))
                    .fetchNewServiceInstances(List.of())
                    .await()
                    .atMost(WAIT))
        .hasStackTraceContaining("DNS query timed out");
  }

  @Test
  void theCachedListSurvivesAFailedRefresh() {
    List<Future<List<String>>> answers =
        new ArrayList<>(
            List.of(
                Future.succeededFuture(List.of("10.0.1.5")),
                Future.failedFuture(new VertxException("DNS query timed out"))));
    SwarmDnsServiceDiscovery discovery = discovery(name -> answers.remove(0));

    List<ServiceInstance> first = discovery.getServiceInstances().await().atMost(WAIT);
    discovery.invalidate();
    List<ServiceInstance> afterFailure = discovery.getServiceInstances().await().atMost(WAIT);

    assertThat(addresses(first)).containsExactly("10.0.1.5:8080");
    assertThat(afterFailure).isEqualTo(first);
    assertThat(askedFor).hasSize(2);
  }
}

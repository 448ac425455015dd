package dev.generatorsuite.frontend.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.stork.api.NoServiceInstanceFoundException;
import io.smallrye.stork.api.ServiceInstance;
import io.smallrye.stork.impl.DefaultServiceInstance;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FillFirstLoadBalancerTest {

  private static final long BACKOFF = TimeUnit.SECONDS.toNanos(1);

  private final ServiceInstance first = new DefaultServiceInstance(1, "10.0.1.3", 8080, false);
  private final ServiceInstance second = new DefaultServiceInstance(2, "10.0.1.4", 8080, false);
  private final ServiceInstance third = new DefaultServiceInstance(3, "10.0.1.5", 8080, false);
  private long now = 1_000_000_000L;
  private final FillFirstLoadBalancer balancer = new FillFirstLoadBalancer(2, BACKOFF, () -> now);

  /** A call as the REST client makes it: selected, started, and later ended. */
  private ServiceInstance start(List<ServiceInstance> instances) {
    ServiceInstance chosen = balancer.selectServiceInstance(instances);
    assertThat(chosen.gatherStatistics()).isTrue();
    chosen.recordStart(false);
    return chosen;
  }

  @Test
  void everyCallGoesToTheFirstTaskInAddressOrderWhileItKeepsUp() {
    for (int i = 0; i < 5; i++) {
      ServiceInstance chosen = start(List.of(second, first));
      assertThat(chosen.getId()).isEqualTo(first.getId());
      chosen.recordEnd(null);
    }
    assertThat(balancer.inFlight(first)).isZero();
  }

  @Test
  void callsOverTheBoundOverflowToTheNextTask() {
    List<ServiceInstance> tasks = List.of(first, second, third);
    List<Long> chosen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      chosen.add(start(tasks).getId());
    }

    // Two in flight fill a task; the fifth call goes to the third.
    assertThat(chosen).containsExactly(1L, 1L, 2L, 2L, 3L);
  }

  @Test
  void whenEveryTaskIsFullTheLeastBusyTakesTheCall() {
    List<ServiceInstance> tasks = List.of(first, second);
    List<Long> chosen = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      chosen.add(start(tasks).getId());
    }

    // Both full after four calls: the fifth goes to the first of the least busy, the sixth to the
    // second task, which then has fewer in flight.
    assertThat(chosen).containsExactly(1L, 1L, 2L, 2L, 1L, 2L);
    assertThat(balancer.inFlight(first)).isEqualTo(3);
    assertThat(balancer.inFlight(second)).isEqualTo(3);
  }

  @Test
  void aTaskThatFailedACallIsPassedOverForTheBackoff() {
    List<ServiceInstance> tasks = List.of(first, second);
    start(tasks).recordEnd(new ConnectException("Connection refused"));

    // The retry goes to the other task, and so does every call within the backoff.
    now += BACKOFF / 2;
    assertThat(start(tasks).getId()).isEqualTo(second.getId());

    now += BACKOFF;
    assertThat(start(tasks).getId()).isEqualTo(first.getId());
  }

  @Test
  void aTaskWhoseCallsWaitWithoutAnyEndingIsPassedOver() {
    List<ServiceInstance> tasks = List.of(first, second);
    ServiceInstance hung = start(tasks);
    assertThat(hung.getId()).isEqualTo(first.getId());

    // Within the backoff the first task may just be slow; past it, its call looks hung.
    now += BACKOFF / 2;
    assertThat(start(tasks).getId()).isEqualTo(first.getId());
    now += BACKOFF;
    assertThat(start(tasks).getId()).isEqualTo(second.getId());

    // An answer shows it alive again (a failure would have made it suspect for the backoff).
    hung.recordEnd(null);
    assertThat(start(tasks).getId()).isEqualTo(first.getId());
  }

  @Test
  void theOverflowOfAFullTaskNeverGoesToASuspectOne() {
    List<ServiceInstance> tasks = List.of(first, second);
    start(List.of(second)).recordEnd(new ConnectException("Connection refused"));
    start(tasks);
    start(tasks);

    // The first task is full and the second idle but failed a moment ago: the call stays with the
    // first, as a retry sent to the second would fail again.
    assertThat(start(tasks).getId()).isEqualTo(first.getId());
  }

  @Test
  void whenEveryTaskIsSuspectTheCallStillGoesSomewhere() {
    List<ServiceInstance> tasks = List.of(first, second);
    start(List.of(first)).recordEnd(new IOException("reset"));
    start(List.of(second)).recordEnd(new IOException("reset"));

    assertThat(start(tasks).getId()).isEqualTo(first.getId());
  }

  @Test
  void tasksThatLeftAreForgotten() {
    start(List.of(first, second));
    start(List.of(first, second));
    start(List.of(first, second));
    assertThat(balancer.inFlight(second)).isEqualTo(1);

    start(List.of(first));

    assertThat(balancer.inFlight(second)).isZero();
  }

  @Test
  void noTaskIsAnError() {
    assertThatThrownBy(() -> balancer.selectServiceInstance(List.of()))
        .isInstanceOf(NoServiceInstanceFoundException.class);
  }

  @Test
  void theBoundIsAtLeastOne() {
    assertThatThrownBy(() -> new FillFirstLoadBalancer(0, BACKOFF, () -> now))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

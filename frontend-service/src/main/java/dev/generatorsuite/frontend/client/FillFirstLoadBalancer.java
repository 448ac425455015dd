package dev.generatorsuite.frontend.client;

import io.smallrye.stork.api.LoadBalancer;
import io.smallrye.stork.api.NoServiceInstanceFoundException;
import io.smallrye.stork.api.ServiceInstance;
import io.smallrye.stork.impl.ServiceInstanceWithStatGathering;
import io.smallrye.stork.spi.CallStatisticsCollector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Sends every call to the first task, in address order (the same order in every frontend), that has
 * fewer than {@code maxInFlight} calls in flight and is not suspect; only the overflow goes to the
 * next task. On a node with few cores, one task that answers all calls spends less CPU per call
 * than two that share them (bench/OPTIMISATIONS.md, "Where the second task's cost sits"), and the
 * second task stays ready to take over.
 *
 * <p>A task is suspect for {@code backoff} after a call to it failed (refused, reset, timed out),
 * and while its calls have been in flight for longer than {@code backoff} with none of them ending:
 * a retry then goes to another task, as round-robin would send it. When every task that is not
 * suspect is full, the least busy of them takes the call; only when every task is suspect, the
 * least busy of all.
 */
final class FillFirstLoadBalancer implements LoadBalancer, CallStatisticsCollector {

  private static final Comparator<ServiceInstance> ADDRESS_ORDER =
      Comparator.comparing(ServiceInstance::getHost).thenComparingInt(ServiceInstance::getPort);

  private final int maxInFlight;
  private final long backoffNanos;
  private final LongSupplier nanoClock;
  private final Map<Long, TaskLoad> loads = new ConcurrentHashMap<>();

  /**
   * @param maxInFlight calls in flight at which a task overflows to the next, at least 1
   * @param backoffNanos how long a task that failed a call, or stopped answering, is passed over
   * @param nanoClock {@code System::nanoTime} in service
   */
  FillFirstLoadBalancer(int maxInFlight, long backoffNanos, LongSupplier nanoClock) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max-in-flight must be at least 1: " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    this.backoffNanos = backoffNanos;
    this.nanoClock = nanoClock;
  }

  @Override
  public ServiceInstance selectServiceInstance(Collection<ServiceInstance> instances) {
    if (instances.isEmpty()) {
      throw new NoServiceInstanceFoundException("No service instance found");
    }
    long now = nanoClock.getAsLong();
    List<ServiceInstance> ordered = new ArrayList<>(instances);
    ordered.sort(ADDRESS_ORDER);
    ServiceInstance chosen = null;
    ServiceInstance leastBusy = null;
    ServiceInstance leastBusySuspect = null;
    for (ServiceInstance instance : ordered) {
      TaskLoad load = loadOf(instance);
      boolean suspect = load.suspect(now, backoffNanos);
      if (!suspect && load.inFlight() < maxInFlight) {
        chosen = instance;
        break;
      }
      if (suspect) {
        leastBusySuspect = lessBusy(leastBusySuspect, instance);
      } else {
        leastBusy = lessBusy(leastBusy, instance);
      }
    }
    if (chosen == null) {
      // All full: the least busy of those not suspect; only when every task is suspect, of all.
      chosen = leastBusy != null ? leastBusy : leastBusySuspect;
    }
    forgetVanished(instances);
    // Stork's wrapper reports the call's start and end, as the REST client sees them, to us.
    return new ServiceInstanceWithStatGathering(chosen, this);
  }

  @Override
  public void recordStart(long instanceId, boolean measureTime) {
    TaskLoad load = loads.get(instanceId);
    if (load != null) {
      load.started(nanoClock.getAsLong());
    }
  }

  @Override
  public void recordEnd(long instanceId, Throwable failure) {
    TaskLoad load = loads.get(instanceId);
    if (load != null) {
      load.ended(nanoClock.getAsLong(), failure);
    }
  }

  private ServiceInstance lessBusy(ServiceInstance current, ServiceInstance candidate) {
    return current == null || loadOf(candidate).inFlight() < loadOf(current).inFlight()
        ? candidate
        : current;
  }

  /** Calls in flight to a task, as the balancer counts them (tests). */
  int inFlight(ServiceInstance instance) {
    TaskLoad load = loads.get(instance.getId());
    return load == null ? 0 : load.inFlight();
  }

  private TaskLoad loadOf(ServiceInstance instance) {
    return loads.computeIfAbsent(instance.getId(), id -> new TaskLoad());
  }

  private void forgetVanished(Collection<ServiceInstance> instances) {
    if (loads.size() > instances.size()) {
      Set<Long> present =
          instances.stream().map(ServiceInstance::getId).collect(Collectors.toSet());
      loads.keySet().retainAll(present);
    }
  }

  /** What the balancer knows of one task: its calls in flight, its last failure. */
  private static final class TaskLoad {
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long failedAt;
    private volatile boolean failed;
    // Since when the calls in flight have waited without any call ending.
    private volatile long waitingSince;

    int inFlight() {
      return inFlight.get();
    }

    boolean suspect(long now, long backoffNanos) {
      boolean failedRecently = failed && now - failedAt < backoffNanos;
      boolean stalled = inFlight.get() > 0 && now - waitingSince > backoffNanos;
      return failedRecently || stalled;
    }

    void started(long now) {
      if (inFlight.getAndIncrement() == 0) {
        waitingSince = now;
      }
    }

    void ended(long now, Throwable failure) {
      // Never below 0: a call started before its task was forgotten may end after it came back.
      inFlight.updateAndGet(n -> Math.max(0, n - 1));
      waitingSince = now;
      if (failure != null) {
        failedAt = now;
        failed = true;
      }
    }
  }
}

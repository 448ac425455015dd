package dev.generatorsuite.frontend.client;

import io.smallrye.stork.api.LoadBalancer;
import io.smallrye.stork.api.ServiceDiscovery;
import io.smallrye.stork.api.config.LoadBalancerAttribute;
import io.smallrye.stork.api.config.LoadBalancerType;
import io.smallrye.stork.spi.LoadBalancerProvider;
import io.smallrye.stork.utils.DurationUtils;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stork's {@code fill-first} load balancer (see {@link FillFirstLoadBalancer}). Stork's annotation
 * processor generates {@code FillFirstConfiguration} from the attributes below and the loader that
 * finds this provider.
 */
@LoadBalancerType("fill-first")
@LoadBalancerAttribute(
    name = "max-in-flight",
    description = "Calls in flight at which a task overflows to the next one.",
    defaultValue = "16")
@LoadBalancerAttribute(
    name = "backoff",
    description =
        "How long a task is passed over after a failed call, or once its calls have waited this"
            + " long without any of them ending.",
    defaultValue = "1s")
@ApplicationScoped
public class FillFirstLoadBalancerProvider implements LoadBalancerProvider<FillFirstConfiguration> {

  @Override
  public LoadBalancer createLoadBalancer(
      FillFirstConfiguration config, ServiceDiscovery serviceDiscovery) {
    int maxInFlight;
    try {
      maxInFlight = Integer.parseInt(config.getMaxInFlight());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid max-in-flight: " + config.getMaxInFlight(), e);
    }
    long backoffNanos = DurationUtils.parseDuration(config.getBackoff(), "backoff").toNanos();
    return new FillFirstLoadBalancer(maxInFlight, backoffNanos, System::nanoTime);
  }
}

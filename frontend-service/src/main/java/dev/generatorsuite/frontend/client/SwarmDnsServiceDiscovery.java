package dev.generatorsuite.frontend.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.stork.api.ServiceInstance;
import io.smallrye.stork.impl.CachingServiceDiscovery;
import io.smallrye.stork.impl.DefaultServiceInstance;
import io.smallrye.stork.utils.ServiceInstanceIds;
import io.smallrye.stork.utils.ServiceInstanceUtils;
import io.vertx.core.Future;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The tasks of a Swarm service ({@code endpoint_mode: dnsrr}), one A record each, asked of Docker's
 * DNS every refresh period.
 *
 * <p>Unlike Stork's own {@code dns} discovery, a name DNS does not know (NXDOMAIN) means "no task",
 * not "keep the last answer": Docker drops a service's name when it has no running task, and
 * Stork's discovery then kept the vanished addresses, so every call first waited for their connect
 * timeouts (a service scaled to 0 was reported after about 2 s instead of at once). Any other
 * failure (a timeout, a server failure) still keeps the last answer, as a lost DNS packet must not
 * take a healthy service away.
 */
final class SwarmDnsServiceDiscovery extends CachingServiceDiscovery {

  private static final Logger LOG = Logger.getLogger(SwarmDnsServiceDiscovery.class);

  private final String hostname;
  private final int port;
  private final Function<String, Future<List<String>>> resolveA;

  /**
   * @param refreshPeriod how long an answer is used, in Stork's syntax ({@code 2S})
   * @param resolveA the A records of a name (Vert.x's {@code DnsClient::resolveA} in service)
   */
  SwarmDnsServiceDiscovery(
      String hostname,
      int port,
      String refreshPeriod,
      Function<String, Future<List<String>>> resolveA) {
    super(refreshPeriod);
    this.hostname = hostname;
    this.port = port;
    this.resolveA = resolveA;
  }

  @Override
  public Uni<List<ServiceInstance>> fetchNewServiceInstances(List<ServiceInstance> previous) {
    return Uni.createFrom()
        .completionStage(() -> resolveA.apply(hostname).toCompletionStage())
        .onItem()
        .transform(addresses -> instances(addresses, previous))
        .onFailure(SwarmDnsServiceDiscovery::isUnknownName)
        .recoverWithItem(
            () -> {
              if (!previous.isEmpty()) {
                LOG.infof("%s has no running task any more (NXDOMAIN)", hostname);
              }
              return List.of();
            });
  }

  /** The same instance (and id) for an address already known, so balancers keep their state. */
  private List<ServiceInstance> instances(List<String> addresses, List<ServiceInstance> previous) {
    return addresses.stream()
        .distinct()
        .sorted()
        .map(
            address -> {
              ServiceInstance known = ServiceInstanceUtils.findMatching(previous, address, port);
              return known != null
                  ? known
                  : (ServiceInstance)
                      new DefaultServiceInstance(ServiceInstanceIds.next(), address, port, false);
            })
        .toList();
  }

  static boolean isUnknownName(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DnsException dns && dns.code() == DnsResponseCode.NXDOMAIN) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}

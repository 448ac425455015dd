package dev.generatorsuite.frontend.client;

import io.smallrye.stork.api.ServiceDiscovery;
import io.smallrye.stork.api.config.ServiceConfig;
import io.smallrye.stork.api.config.ServiceDiscoveryAttribute;
import io.smallrye.stork.api.config.ServiceDiscoveryType;
import io.smallrye.stork.spi.ServiceDiscoveryProvider;
import io.smallrye.stork.spi.StorkInfrastructure;
import io.smallrye.stork.utils.DurationUtils;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stork's {@code swarm-dns} service discovery (see {@link SwarmDnsServiceDiscovery}). Stork's
 * annotation processor generates {@code SwarmDnsConfiguration} from the attributes below and the
 * loader that finds this provider.
 */
@ServiceDiscoveryType("swarm-dns")
@ServiceDiscoveryAttribute(
    name = "hostname",
    description = "The name to ask DNS for; the Stork service name when not set.")
@ServiceDiscoveryAttribute(
    name = "port",
    description = "The port every task listens on.",
    required = true)
@ServiceDiscoveryAttribute(
    name = "refresh-period",
    description = "How long one DNS answer is used.",
    defaultValue = "2S")
@ServiceDiscoveryAttribute(
    name = "dns-timeout",
    description = "How long to wait for DNS before keeping the last answer.",
    defaultValue = "1s")
@ApplicationScoped
public class SwarmDnsServiceDiscoveryProvider
    implements ServiceDiscoveryProvider<SwarmDnsConfiguration> {

  @Override
  public ServiceDiscovery createServiceDiscovery(
      SwarmDnsConfiguration config,
      String serviceName,
      ServiceConfig serviceConfig,
      StorkInfrastructure storkInfrastructure) {
    Vertx vertx = storkInfrastructure.get(Vertx.class, Vertx::vertx);
    long timeoutMs = DurationUtils.parseDuration(config.getDnsTimeout(), "dns-timeout").toMillis();
    // No server given: the first nameserver of /etc/resolv.conf, Docker's 127.0.0.11 in a task.
    DnsClient dns = vertx.createDnsClient(new DnsClientOptions().setQueryTimeout(timeoutMs));
    String hostname = config.getHostname() == null ? serviceName : config.getHostname();
    int port;
    try {
      port = Integer.parseInt(config.getPort());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid port for service " + serviceName, e);
    }
    return new SwarmDnsServiceDiscovery(hostname, port, config.getRefreshPeriod(), dns::resolveA);
  }
}

package dev.generatorsuite.frontend.client;

import dev.generatorsuite.frontend.config.FrontendConfig;
import dev.generatorsuite.frontend.domain.ServiceStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.stork.api.NoServiceInstanceFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Random integers from int-service. Every failure (refused, slow, 5xx, open circuit) surfaces as
 * one {@link dev.generatorsuite.frontend.domain.DownstreamUnavailableException}. Timeout, retry and
 * circuit-breaker values come from application.properties ({@code ## Fault tolerance}).
 */
@ApplicationScoped
public class IntClient {

  public static final String SERVICE = "int-service";

  private final IntApi api;
  private final FrontendConfig config;

  IntClient(@RestClient IntApi api, FrontendConfig config) {
    this.api = api;
    this.config = config;
  }

  /** A GET without side effects, so retrying it is safe. */
  @Timeout
  @Retry(
      abortOn = {
        CircuitBreakerOpenException.class,
        NoServiceInstanceFoundException.class,
        BulkheadException.class
      })
  @CircuitBreaker(skipOn = BulkheadException.class)
  @Bulkhead
  @Fallback(fallbackMethod = "unavailable")
  public Uni<Long> nextValue() {
    return api.next().map(IntAnswer::value);
  }

  /** Readiness and version, for the status panel; bounded, never fails. */
  public Uni<ServiceStatus> status() {
    return DownstreamFailures.probe(SERVICE, api.ready(), api.version(), config.statusTimeout());
  }

  Uni<Long> unavailable(Throwable failure) {
    return Uni.createFrom()
        .failure(DownstreamFailures.unavailable(SERVICE, failure, config.callTimeoutMs()));
  }
}

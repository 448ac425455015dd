package dev.generatorsuite.frontend.client;

import dev.generatorsuite.frontend.config.FrontendConfig;
import dev.generatorsuite.frontend.domain.DownstreamRejectedException;
import dev.generatorsuite.frontend.domain.Product;
import dev.generatorsuite.frontend.domain.ProductPage;
import dev.generatorsuite.frontend.domain.ProductStats;
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
 * Stores and reads products in combiner-service. A 4xx answer surfaces as a {@link
 * DownstreamRejectedException} with the same status (not retried, not counted by the circuit
 * breaker); every other failure as a {@link
 * dev.generatorsuite.frontend.domain.DownstreamUnavailableException}. Timeout, retry and
 * circuit-breaker values come from application.properties ({@code ## Fault tolerance}).
 */
@ApplicationScoped
public class CombinerClient {

  public static final String SERVICE = "combiner-service";

  private final CombinerApi api;
  private final FrontendConfig config;

  CombinerClient(@RestClient CombinerApi api, FrontendConfig config) {
    this.api = api;
    this.config = config;
  }

  /**
   * Stores a product. Retrying a POST is safe here only because it always carries an
   * Idempotency-Key: a retry of a write that did reach the database returns the stored product
   * instead of storing a second one.
   */
  @Timeout
  @Retry(
      abortOn = {
        DownstreamRejectedException.class,
        CircuitBreakerOpenException.class,
        NoServiceInstanceFoundException.class,
        BulkheadException.class
      })
  @CircuitBreaker(skipOn = {DownstreamRejectedException.class, BulkheadException.class})
  @Bulkhead
  @Fallback(fallbackMethod = "unavailable", skipOn = DownstreamRejectedException.class)
  public Uni<Product> create(long intValue, double floatValue, String idempotencyKey) {
    return api.create(idempotencyKey, new ProductRequest(intValue, floatValue));
  }

  /** One page of the history, newest first. */
  @Timeout
  @Retry(
      abortOn = {
        DownstreamRejectedException.class,
        CircuitBreakerOpenException.class,
        NoServiceInstanceFoundException.class,
        BulkheadException.class
      })
  @CircuitBreaker(skipOn = {DownstreamRejectedException.class, BulkheadException.class})
  @Bulkhead
  @Fallback(fallbackMethod = "unavailable", skipOn = DownstreamRejectedException.class)
  public Uni<ProductPage> page(int page, int size) {
    return api.page(page, size);
  }

  /** One product; a {@link DownstreamRejectedException} with status 404 when there is none. */
  @Timeout
  @Retry(
      abortOn = {
        DownstreamRejectedException.class,
        CircuitBreakerOpenException.class,
        NoServiceInstanceFoundException.class,
        BulkheadException.class
      })
  @CircuitBreaker(skipOn = {DownstreamRejectedException.class, BulkheadException.class})
  @Bulkhead
  @Fallback(fallbackMethod = "unavailable", skipOn = DownstreamRejectedException.class)
  public Uni<Product> find(String id) {
    return api.find(id);
  }

  /** Statistics over all products. */
  @Timeout
  @Retry(
      abortOn = {
        DownstreamRejectedException.class,
        CircuitBreakerOpenException.class,
        NoServiceInstanceFoundException.class,
        BulkheadException.class
      })
  @CircuitBreaker(skipOn = {DownstreamRejectedException.class, BulkheadException.class})
  @Bulkhead
  @Fallback(fallbackMethod = "unavailable", skipOn = DownstreamRejectedException.class)
  public Uni<ProductStats> stats() {
    return api.stats();
  }

  /** Readiness and version, for the status panel; bounded, never fails. */
  public Uni<ServiceStatus> status() {
    return DownstreamFailures.probe(SERVICE, api.ready(), api.version(), config.statusTimeout());
  }

  Uni<Product> unavailable(long intValue, double floatValue, String key, Throwable failure) {
    return failed(failure);
  }

  Uni<ProductPage> unavailable(int page, int size, Throwable failure) {
    return failed(failure);
  }

  Uni<Product> unavailable(String id, Throwable failure) {
    return failed(failure);
  }

  Uni<ProductStats> unavailable(Throwable failure) {
    return failed(failure);
  }

  private <T> Uni<T> failed(Throwable failure) {
    return Uni.createFrom()
        .failure(DownstreamFailures.unavailable(SERVICE, failure, config.callTimeoutMs()));
  }
}

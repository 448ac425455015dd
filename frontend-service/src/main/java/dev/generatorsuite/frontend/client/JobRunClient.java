package dev.generatorsuite.frontend.client;

import dev.generatorsuite.frontend.config.FrontendConfig;
import dev.generatorsuite.frontend.domain.DownstreamRejectedException;
import dev.generatorsuite.frontend.domain.JobRun;
import dev.generatorsuite.frontend.domain.JobSummaries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Claims, results, summaries and pause state of scheduled jobs in combiner-service. A 4xx (a 409
 * for a tick claimed by another replica or a paused job) surfaces as a {@link
 * DownstreamRejectedException}; every other failure as a {@link
 * dev.generatorsuite.frontend.domain.DownstreamUnavailableException}.
 *
 * <p>Every call is safe to retry: a repeated claim by the same owner returns the same run, a
 * repeated result is refused with 409 once the first was recorded, and a state is set, not toggled.
 */
@ApplicationScoped
public class JobRunClient {

  private final JobRunApi api;
  private final FrontendConfig config;

  JobRunClient(@RestClient JobRunApi api, FrontendConfig config) {
    this.api = api;
    this.config = config;
  }

  /**
   * Claims a tick. No circuit breaker here or on {@link #result}: there is one claim per tick and
   * replica, far too few to overload the combiner, and a circuit left open after a short outage
   * would make every replica skip the ticks that follow it.
   */
  @Timeout
  @Retry(abortOn = DownstreamRejectedException.class)
  @Fallback(fallbackMethod = "unavailableClaim", skipOn = DownstreamRejectedException.class)
  public Uni<JobRun> claim(
      String job, Instant tick, String owner, int leaseSeconds, boolean manual) {
    return api.claim(new JobRunApi.Claim(job, tick.toString(), owner, leaseSeconds, manual));
  }

  @Timeout
  @Retry(abortOn = DownstreamRejectedException.class)
  @Fallback(fallbackMethod = "unavailableResult", skipOn = DownstreamRejectedException.class)
  public Uni<JobRun> result(long id, String owner, String status, int productsMade, String error) {
    return api.result(id, new JobRunApi.Result(owner, status, productsMade, error));
  }

  @Timeout
  @Retry(abortOn = {DownstreamRejectedException.class, CircuitBreakerOpenException.class})
  @CircuitBreaker(skipOn = DownstreamRejectedException.class)
  @Fallback(fallbackMethod = "unavailableSummary", skipOn = DownstreamRejectedException.class)
  public Uni<JobSummaries> summary(int recent) {
    return api.summary(recent);
  }

  /** Pauses or resumes a job for every replica; returns whether it is paused now. */
  @Timeout
  @Retry(abortOn = {DownstreamRejectedException.class, CircuitBreakerOpenException.class})
  @CircuitBreaker(skipOn = DownstreamRejectedException.class)
  @Fallback(fallbackMethod = "unavailableState", skipOn = DownstreamRejectedException.class)
  public Uni<Boolean> setPaused(String job, boolean paused) {
    return api.state(job, new JobRunApi.State(paused)).map(JobRunApi.State::paused);
  }

  Uni<JobRun> unavailableClaim(
      String job, Instant tick, String owner, int leaseSeconds, boolean manual, Throwable failure) {
    return failed(failure);
  }

  Uni<JobRun> unavailableResult(
      long id, String owner, String status, int productsMade, String error, Throwable failure) {
    return failed(failure);
  }

  Uni<JobSummaries> unavailableSummary(int recent, Throwable failure) {
    return failed(failure);
  }

  Uni<Boolean> unavailableState(String job, boolean paused, Throwable failure) {
    return failed(failure);
  }

  private <T> Uni<T> failed(Throwable failure) {
    return Uni.createFrom()
        .failure(
            DownstreamFailures.unavailable(
                CombinerClient.SERVICE, failure, config.callTimeoutMs()));
  }
}

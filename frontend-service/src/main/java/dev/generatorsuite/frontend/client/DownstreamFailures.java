package dev.generatorsuite.frontend.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.generatorsuite.commons.problem.Problem;
import dev.generatorsuite.commons.version.VersionInfo;
import dev.generatorsuite.frontend.domain.DownstreamRejectedException;
import dev.generatorsuite.frontend.domain.DownstreamUnavailableException;
import dev.generatorsuite.frontend.domain.KeyAlreadyUsedException;
import dev.generatorsuite.frontend.domain.ServiceStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.smallrye.stork.api.NoServiceInstanceFoundException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/** Turns whatever went wrong on the way to a downstream service into the frontend's exceptions. */
final class DownstreamFailures {

  private static final Logger LOG = Logger.getLogger(DownstreamFailures.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The combiner's problem type for an Idempotency-Key already used with another body. */
  static final String KEY_REUSED = "idempotency-key-reused";

  private DownstreamFailures() {}

  /** The exception for a call that failed for any reason but a 4xx the caller should see. */
  static DownstreamUnavailableException unavailable(
      String service, Throwable failure, long timeoutMs) {
    if (failure instanceof DownstreamUnavailableException known
        && known.serviceName().equals(service)) {
      return known;
    }
    return new DownstreamUnavailableException(service, reason(failure, timeoutMs), failure);
  }

  /** A short, human-readable reason, safe to show: never a stack trace or an internal address. */
  static String reason(Throwable failure, long timeoutMs) {
    if (failure instanceof DownstreamUnavailableException known) {
      return known.reason();
    }
    if (failure instanceof TimeoutException
        || failure instanceof io.smallrye.mutiny.TimeoutException) {
      return "timed out after " + timeoutMs + " ms";
    }
    if (failure instanceof CircuitBreakerOpenException) {
      return "circuit breaker open after repeated failures";
    }
    if (failure instanceof BulkheadException) {
      return "too many calls in progress";
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoServiceInstanceFoundException) {
        return "no running instance";
      }
      if (cause instanceof ConnectException) {
        return "connection refused";
      }
      if (cause instanceof UnknownHostException) {
        return "unknown host";
      }
      if (cause instanceof SocketTimeoutException
          || cause instanceof java.util.concurrent.TimeoutException) {
        return "timed out";
      }
      if (cause instanceof SocketException) {
        return "connection lost";
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    LOG.debugf(failure, "Call failed");
    return "could not be reached (" + failure.getClass().getSimpleName() + ")";
  }

  /** Any error status: the service cannot do its part (used for int and float). */
  static RuntimeException fromStatus(String service, Response response) {
    return new DownstreamUnavailableException(
        service, "answered HTTP " + response.getStatus() + readDetail(response).orElse(""));
  }

  /**
   * A 5xx means the service cannot do its part; a 4xx is an answer about the request, passed on to
   * the caller with the same status (used for the combiner).
   */
  static RuntimeException fromStatusPassingClientErrors(String service, Response response) {
    int status = response.getStatus();
    if (status >= 500) {
      return fromStatus(service, response);
    }
    JsonNode problem = readProblem(response);
    String type = text(problem, "type");
    String slug =
        type != null && type.startsWith(Problem.TYPE_PREFIX)
            ? type.substring(Problem.TYPE_PREFIX.length())
            : "http-" + status;
    String title = Optional.ofNullable(text(problem, "title")).orElse("Request rejected");
    String detail =
        Optional.ofNullable(text(problem, "detail"))
            .orElse(service + " rejected the request (HTTP " + status + ")");
    Optional<String> productId = status == 409 ? keyProduct(slug, problem) : Optional.empty();
    if (productId.isPresent()) {
      return new KeyAlreadyUsedException(service, slug, title, detail, productId.get());
    }
    return new DownstreamRejectedException(service, status, slug, title, detail);
  }

  /**
   * The product named by the combiner's 409 for a reused Idempotency-Key ({@code productId}, a
   * positive integer); empty for any other conflict, which stays a plain rejection.
   */
  private static Optional<String> keyProduct(String slug, JsonNode problem) {
    if (!KEY_REUSED.equals(slug) || problem == null) {
      return Optional.empty();
    }
    JsonNode id = problem.get("productId");
    return id != null && id.canConvertToLong() && id.isIntegralNumber() && id.asLong() > 0
        ? Optional.of(Long.toString(id.asLong()))
        : Optional.empty();
  }

  /**
   * The status of one service: its readiness probe and its version, asked at the same time, each
   * bounded. Never fails: a service that does not answer in time is DOWN.
   */
  static Uni<ServiceStatus> probe(
      String service, Uni<HealthAnswer> ready, Uni<VersionInfo> version, Duration timeout) {
    Uni<Optional<String>> problem =
        ready
            .ifNoItem()
            .after(timeout)
            .fail()
            .map(
                health ->
                    "UP".equalsIgnoreCase(health.status())
                        ? Optional.<String>empty()
                        : Optional.of("reports " + health.status()))
            .onFailure()
            .recoverWithItem(failure -> Optional.of(reason(failure, timeout.toMillis())));
    Uni<Optional<VersionInfo>> info =
        version
            .ifNoItem()
            .after(timeout)
            .fail()
            .map(Optional::of)
            .onFailure()
            .recoverWithItem(Optional.empty());
    return Uni.combine()
        .all()
        .unis(problem, info)
        .asTuple()
        .map(answers -> toStatus(service, answers));
  }

  private static ServiceStatus toStatus(
      String service, Tuple2<Optional<String>, Optional<VersionInfo>> answers) {
    VersionInfo version = answers.getItem2().orElse(null);
    return answers
        .getItem1()
        .map(reason -> ServiceStatus.down(service, reason, version))
        .orElseGet(() -> ServiceStatus.up(service, version));
  }

  private static Optional<String> readDetail(Response response) {
    String detail = text(readProblem(response), "detail");
    return detail == null || detail.isBlank() ? Optional.empty() : Optional.of(" (" + detail + ")");
  }

  private static JsonNode readProblem(Response response) {
    try {
      String body = response.readEntity(String.class);
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (Exception e) { // not JSON, or no body: the status alone must do
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    if (node == null || !node.hasNonNull(field)) {
      return null;
    }
    String value = node.get(field).asText();
    return value.length() > 300 ? value.substring(0, 300) : value;
  }
}

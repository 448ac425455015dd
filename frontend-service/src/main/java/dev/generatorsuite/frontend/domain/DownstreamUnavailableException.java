package dev.generatorsuite.frontend.domain;

import dev.generatorsuite.commons.problem.ProblemException;

/**
 * A downstream service could not do its part: it refused the connection, timed out, answered with a
 * 5xx, or its circuit breaker is open. Always a 503 naming the service.
 */
public class DownstreamUnavailableException extends ProblemException {

  private static final long serialVersionUID = 1L;

  private final String serviceName;
  private final String reason;

  public DownstreamUnavailableException(String serviceName, String reason) {
    this(serviceName, reason, null);
  }

  public DownstreamUnavailableException(String serviceName, String reason, Throwable cause) {
    super(
        503,
        "service-unavailable",
        "Service Unavailable",
        serviceName + " is unavailable: " + reason,
        cause);
    this.serviceName = serviceName;
    this.reason = reason;
  }

  public String serviceName() {
    return serviceName;
  }

  public String reason() {
    return reason;
  }
}

package dev.generatorsuite.frontend.domain;

import dev.generatorsuite.commons.problem.ProblemException;

/**
 * A downstream service answered with a 4xx (for example the combiner's 409 for an Idempotency-Key
 * reused with other values). The caller sees the same status and the downstream's own explanation.
 * It says nothing about the health of the service, so it is neither retried nor counted by circuit
 * breakers.
 */
public class DownstreamRejectedException extends ProblemException {

  private static final long serialVersionUID = 1L;

  private final String serviceName;

  public DownstreamRejectedException(
      String serviceName, int status, String slug, String title, String detail) {
    super(status, slug, title, detail);
    this.serviceName = serviceName;
  }

  public String serviceName() {
    return serviceName;
  }
}

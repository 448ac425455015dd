package dev.generatorsuite.combiner.api;

import dev.generatorsuite.combiner.config.CombinerConfig;
import dev.generatorsuite.combiner.persistence.DatabaseFailures;
import dev.generatorsuite.commons.problem.ProblemException;
import dev.generatorsuite.commons.problem.ProblemExceptionMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where a database that cannot be reached becomes a {@code 503} problem with a {@code
 * Retry-After} header instead of a 500 ({@link DatabaseFailures} tells which failures those are),
 * after the repository's own retries within the request's budget. Every other unexpected exception
 * goes on to the shared 500 mapping of service-commons.
 *
 * <p>Nothing has to be reset when the database returns: the Agroal pool drops broken connections
 * and opens new ones on the next request.
 */
public class DatabaseExceptionMappers {

  private static final Logger LOG = Logger.getLogger(DatabaseExceptionMappers.class);

  private final ProblemExceptionMappers fallback = new ProblemExceptionMappers();
  private final long retryAfterSeconds;

  public DatabaseExceptionMappers(CombinerConfig config) {
    this.retryAfterSeconds = Math.max(1, config.database().retryAfter().toSeconds());
  }

  @ServerExceptionMapper
  public Response mapRuntime(RuntimeException e) {
    if (!DatabaseFailures.isUnavailable(e)) {
      return fallback.mapUnexpected(e);
    }
    LOG.warnf("Answering 503, the database is unavailable: %s", DatabaseFailures.rootMessage(e));
    ProblemException problem =
        new ProblemException(
            503,
            "database-unavailable",
            "Service Unavailable",
            "The database is unavailable; retry in " + retryAfterSeconds + " seconds");
    return Response.fromResponse(ProblemExceptionMappers.respond(problem.toProblem()))
        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
        .build();
  }
}

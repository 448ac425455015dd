package dev.generatorsuite.combiner.api;

import dev.generatorsuite.combiner.config.CombinerConfig;
import dev.generatorsuite.commons.problem.ProblemException;
import dev.generatorsuite.commons.problem.ProblemExceptionMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where a database that cannot be reached becomes a {@code 503} problem with a {@code
 * Retry-After} header instead of a 500. Hibernate, Agroal, Narayana and the PostgreSQL driver wrap
 * the failure in different ways, so the whole cause chain is inspected. Every other unexpected
 * exception goes on to the shared 500 mapping of service-commons.
 *
 * <p>Nothing has to be reset when the database returns: the Agroal pool drops broken connections
 * and opens new ones on the next request.
 */
public class DatabaseExceptionMappers {

  private static final Logger LOG = Logger.getLogger(DatabaseExceptionMappers.class);

  /** SQLStates of a server that is shutting down, starting up or out of connections. */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private static final int MAX_CAUSES = 32;

  private final ProblemExceptionMappers fallback = new ProblemExceptionMappers();
  private final long retryAfterSeconds;

  public DatabaseExceptionMappers(CombinerConfig config) {
    this.retryAfterSeconds = Math.max(1, config.database().retryAfter().toSeconds());
  }

  @ServerExceptionMapper
  public Response mapRuntime(RuntimeException e) {
    if (!isDatabaseUnavailable(e)) {
      return fallback.mapUnexpected(e);
    }
    LOG.warnf("Answering 503, the database is unavailable: %s", rootMessage(e));
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

  /** Whether anything in the cause chain says the database cannot be reached or used now. */
  static boolean isDatabaseUnavailable(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure;
        t != null && seen.size() < MAX_CAUSES && seen.put(t, Boolean.TRUE) == null;
        t = t.getCause()) {
      if (t instanceof JDBCConnectionException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException
          || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && isUnavailable(sql)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnavailable(SQLException e) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
      return true;
    }
    // Agroal: "Acquisition timeout while waiting for new connection", caused by a TimeoutException.
    String message = e.getMessage();
    return e.getCause() instanceof TimeoutException
        || (message != null && message.contains("Acquisition timeout"));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    for (int i = 0; i < MAX_CAUSES && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}

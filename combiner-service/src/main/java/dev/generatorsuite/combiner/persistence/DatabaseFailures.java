package dev.generatorsuite.combiner.persistence;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.hibernate.exception.JDBCConnectionException;

/**
 * What a database failure means for the caller. Hibernate, Agroal, Narayana and the PostgreSQL
 * driver wrap the failure in different ways, so every cause is inspected, and every suppressed
 * exception too: a commit that failed on a lost connection reaches us as Narayana's {@code
 * RollbackException} ("ARJUNA016053: Could not commit transaction"), whose cause is empty and whose
 * suppressed {@code XAException} carries the driver's error.
 */
public final class DatabaseFailures {

  /** SQLStates of a server that is shutting down, starting up or out of connections. */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  /** SQLStates that say no connection was made, so no statement can have run. */
  private static final Set<String> NOT_CONNECTED_STATES =
      Set.of("08001", "08004", "57P03", "53300");

  private static final int MAX_CAUSES = 32;

  private DatabaseFailures() {}

  /** Whether anything in the cause chain says the database cannot be reached or used now. */
  public static boolean isUnavailable(Throwable failure) {
    return anyCause(
        failure,
        t ->
            t instanceof JDBCConnectionException
                || t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException
                || t instanceof ConnectException
                || (t instanceof SQLException sql && isUnavailableState(sql)));
  }

  /**
   * Whether the failure happened before any statement reached the database: no connection could be
   * opened or taken from the pool. Only then is a write without an Idempotency-Key safe to try
   * again; a connection lost later may have lost the answer to a commit that happened.
   */
  public static boolean isBeforeAnyStatement(Throwable failure) {
    return anyCause(
        failure,
        t ->
            t instanceof ConnectException
                || t instanceof UnknownHostException
                || (t instanceof SQLException sql
                    && ((sql.getSQLState() != null
                            && NOT_CONNECTED_STATES.contains(sql.getSQLState()))
                        || isAcquisitionTimeout(sql))));
  }

  /** Root cause's class and message, for a log line without a stack trace. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    for (int i = 0; i < MAX_CAUSES && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static boolean isUnavailableState(SQLException e) {
    String state = e.getSQLState();
    return (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)))
        || isAcquisitionTimeout(e);
  }

  /**
   * Agroal's pool gave no connection in time. It says so with a bare SQLException (no SQLState):
   * "Acquisition timeout while waiting for new connection", caused by a TimeoutException, while it
   * was opening a connection, or "Sorry, acquisition timeout!", without a cause, while it waited
   * for one to be returned.
   */
  private static boolean isAcquisitionTimeout(SQLException e) {
    String message = e.getMessage();
    return e.getCause() instanceof TimeoutException
        || (message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout"));
  }

  /** Breadth-first over causes and suppressed exceptions, each seen once, at most MAX_CAUSES. */
  private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
    if (failure == null) {
      return false;
    }
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> pending = new ArrayDeque<>();
    pending.add(failure);
    while (!pending.isEmpty() && seen.size() < MAX_CAUSES) {
      Throwable t = pending.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (test.test(t)) {
        return true;
      }
      if (t.getCause() != null) {
        pending.add(t.getCause());
      }
      pending.addAll(Arrays.asList(t.getSuppressed()));
    }
    return false;
  }

  /** {@code @RetryWhen} condition of a write that is safe to repeat (it carries a key). */
  public static final class Unavailable implements Predicate<Throwable> {
    @Override
    public boolean test(Throwable failure) {
      return isUnavailable(failure);
    }
  }

  /** {@code @RetryWhen} condition of a write that is not safe to repeat once sent. */
  public static final class NotConnected implements Predicate<Throwable> {
    @Override
    public boolean test(Throwable failure) {
      return isBeforeAnyStatement(failure);
    }
  }
}

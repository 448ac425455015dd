package dev.generatorsuite.combiner.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

  private static RuntimeException wrapped(Throwable cause) {
    return new PersistenceException("could not execute statement", cause);
  }

  @Test
  void aConnectionLostAfterSendingIsUnavailableButMayHaveStoredTheRow() {
    // pgjdbc: "An I/O error occurred while sending to the backend."
    RuntimeException lost = wrapped(new SQLException("I/O error", "08006"));

    assertThat(DatabaseFailures.isUnavailable(lost)).isTrue();
    assertThat(DatabaseFailures.isBeforeAnyStatement(lost)).isFalse();
  }

  @Test
  void noConnectionAtAllMeansNothingWasSent() {
    RuntimeException refused =
        wrapped(new SQLException("Connection to postgres:5432 refused", "08001"));
    RuntimeException startingUp =
        wrapped(new SQLException("the database system is starting up", "57P03"));
    RuntimeException poolEmpty =
        wrapped(new SQLException("Acquisition timeout", null, new TimeoutException()));
    // Agroal, while every connection is in use and none comes back in time.
    RuntimeException poolBusy = wrapped(new SQLException("Sorry, acquisition timeout!"));
    RuntimeException socket = wrapped(new ConnectException("Connection refused"));

    for (RuntimeException failure :
        new RuntimeException[] {refused, startingUp, poolEmpty, poolBusy, socket}) {
      assertThat(DatabaseFailures.isUnavailable(failure)).as(failure.toString()).isTrue();
      assertThat(DatabaseFailures.isBeforeAnyStatement(failure)).as(failure.toString()).isTrue();
    }
  }

  @Test
  void aFailedStatementIsNeitherAndIsNeverRetried() {
    RuntimeException constraint =
        wrapped(new SQLException("duplicate key value violates unique constraint", "23505"));
    RuntimeException bug = new IllegalStateException("no database involved");

    assertThat(DatabaseFailures.isUnavailable(constraint)).isFalse();
    assertThat(DatabaseFailures.isBeforeAnyStatement(constraint)).isFalse();
    assertThat(new DatabaseFailures.Unavailable().test(bug)).isFalse();
    assertThat(new DatabaseFailures.NotConnected().test(bug)).isFalse();
  }

  @Test
  void aCommitLostWithItsConnectionIsFoundAmongTheSuppressedExceptions() {
    // Narayana: RollbackException without a cause; the XAException of Agroal's local commit,
    // caused by pgjdbc's I/O error, is only added as suppressed.
    RollbackException rollback =
        new RollbackException("ARJUNA016053: Could not commit transaction.");
    XAException commitFailed =
        new XAException("Error trying to transactionCommit local transaction");
    commitFailed.initCause(new SQLException("An I/O error occurred", "08006"));
    rollback.addSuppressed(commitFailed);
    RuntimeException failure = new RuntimeException(rollback);

    assertThat(DatabaseFailures.isUnavailable(failure)).isTrue();
    // The commit may have reached the database: not safe to repeat without a key.
    assertThat(DatabaseFailures.isBeforeAnyStatement(failure)).isFalse();
    assertThat(DatabaseFailures.isUnavailable(new RuntimeException(new RollbackException("x"))))
        .isFalse();
  }

  @Test
  void aCauseChainWithALoopEnds() {
    SQLException first = new SQLException("first", "42000");
    SQLException second = new SQLException("second", "42000", first);
    first.initCause(second);

    assertThat(DatabaseFailures.isUnavailable(first)).isFalse();
    assertThat(DatabaseFailures.isUnavailable(null)).isFalse();
    assertThat(DatabaseFailures.rootMessage(new RuntimeException(new ConnectException("gone"))))
        .isEqualTo("ConnectException: gone");
  }
}

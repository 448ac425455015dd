package dev.generatorsuite.combiner.persistence;

import java.sql.SQLException;

/**
 * A JDBC failure of the write path ({@link ProductInserts}), unchecked like Hibernate's. The
 * driver's {@link SQLException} is its cause, where {@link DatabaseFailures} reads what it means.
 */
public class DatabaseAccessException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DatabaseAccessException(String doing, SQLException cause) {
    super(doing + " failed: " + cause.getMessage(), cause);
  }
}

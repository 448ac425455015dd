package dev.generatorsuite.systemtests;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * A real PostgreSQL without Docker (the embedded binaries come from Maven Central), with the
 * database and role the combiner expects. Used by the system tests and by {@code make run-local}.
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String DATABASE = "generator";
  public static final String USER = "generator";
  public static final String PASSWORD = "generator";

  private final EmbeddedPostgres postgres;

  private LocalPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL.
   *
   * @param port the port to listen on, 0 for a free one
   * @param dataDirectory where the data lives; kept across starts, or null for a throw-away one
   */
  public static LocalPostgres start(int port, Path dataDirectory) throws IOException, SQLException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (port > 0) {
      builder.setPort(port);
    }
    if (dataDirectory != null) {
      Files.createDirectories(dataDirectory);
      builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
    }
    LocalPostgres local = new LocalPostgres(builder.start());
    local.createDatabaseAndRole();
    return local;
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /** A connection to the suite's database as its owner, for checks made behind the services. */
  public Connection connect() throws SQLException {
    return postgres.getDatabase(USER, DATABASE).getConnection();
  }

  private void createDatabaseAndRole() throws SQLException {
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
        statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
      }
      if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
        statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
      }
    }
  }

  private static boolean exists(Connection connection, String query, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /**
   * Runs PostgreSQL in the foreground until the process is stopped.
   *
   * <p>Arguments: {@code [port] [data directory]}, defaults 5432 and a throw-away directory.
   */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 5432;
    Path data = args.length > 1 ? Path.of(args[1]) : null;
    LocalPostgres local = start(port, data);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    local.close();
                  } catch (IOException e) {
                    System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
                  }
                  stopped.countDown();
                }));
    System.out.println("PostgreSQL ready at " + local.jdbcUrl() + " (user " + USER + ")");
    stopped.await();
  }
}

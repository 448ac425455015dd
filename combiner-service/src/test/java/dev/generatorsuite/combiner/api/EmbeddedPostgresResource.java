package dev.generatorsuite.combiner.api;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for the tests, without Docker: zonky's embedded binaries on a free port, with a
 * data directory kept across {@link #stopDatabase()} and {@link #startDatabase()} so that a test
 * can take the database away and bring it back on the same address.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

  private static final String DATABASE = "combiner";
  private static final String USER = "postgres";

  private static volatile EmbeddedPostgresResource current;

  private Path dataDirectory;
  private int port;
  private EmbeddedPostgres postgres;

  @Override
  public Map<String, String> start() {
    try {
      dataDirectory = Files.createTempDirectory("combiner-pg-");
      port = freePort();
      postgres = launch();
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + DATABASE);
      }
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("Cannot start the embedded PostgreSQL", e);
    }
    current = this;
    return Map.of(
        "quarkus.datasource.jdbc.url",
        postgres.getJdbcUrl(USER, DATABASE),
        "quarkus.datasource.username",
        USER,
        "quarkus.datasource.password",
        "postgres");
  }

  @Override
  public void stop() {
    try {
      if (postgres != null) {
        postgres.close();
        postgres = null;
      }
      deleteRecursively(dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (current == this) {
        current = null;
      }
    }
  }

  /** Stops the database of the running test application, keeping its data. */
  public static void stopDatabase() throws IOException {
    EmbeddedPostgresResource resource = running();
    resource.postgres.close();
    resource.postgres = null;
  }

  /** Starts the database again on the same port with the same data. */
  public static void startDatabase() throws IOException {
    EmbeddedPostgresResource resource = running();
    resource.postgres = resource.launch();
  }

  private static EmbeddedPostgresResource running() {
    EmbeddedPostgresResource resource = current;
    if (resource == null) {
      throw new IllegalStateException("No embedded PostgreSQL is running");
    }
    return resource;
  }

  private EmbeddedPostgres launch() throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

package dev.generatorsuite.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scheduled jobs with two frontend replicas as real processes against one combiner and a real
 * PostgreSQL: every tick runs exactly once, a replica killed with SIGKILL leaves no gap and no run
 * twice, and an int-service outage is recorded as failed runs naming it. Prints the figures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsSystemIT {

  private static final String JOB = "system";
  private static final int EVERY = 2;
  private static final int PRODUCTS = 2;
  private static final int LEASE = 10;

  private static LocalPostgres postgres;
  private static final List<ServiceProcess> services = new ArrayList<>();
  private static ServiceProcess intService;
  private static ServiceProcess frontendA;

  @BeforeAll
  static void startSuite() throws Exception {
    Path root = Path.of(System.getProperty("suite.root", "..")).toAbsolutePath().normalize();
    postgres = LocalPostgres.start(0, null);
    intService = launch(root, "int-service", "jobs-int-service", Map.of());
    ServiceProcess floatService = launch(root, "float-service", "jobs-float-service", Map.of());
    ServiceProcess combiner =
        launch(
            root,
            "combiner-service",
            "jobs-combiner-service",
            Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL",
                postgres.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME",
                LocalPostgres.USER,
                "QUARKUS_DATASOURCE_PASSWORD",
                LocalPostgres.PASSWORD,
                "COMBINER_JOBS_HOUSEKEEPING_EVERY",
                "2s"));
    frontendA =
        launch(
            root,
            "frontend-service",
            "jobs-frontend-a",
            frontend("frontend-a", combiner, floatService));
    launch(
        root,
        "frontend-service",
        "jobs-frontend-b",
        frontend("frontend-b", combiner, floatService));
    for (ServiceProcess service : services) {
      service.awaitReady();
    }
  }

  private static Map<String, String> frontend(
      String owner, ServiceProcess combiner, ServiceProcess floatService) {
    return Map.of(
        "QUARKUS_REST_CLIENT_INT_URL", intService.baseUrl(),
        "QUARKUS_REST_CLIENT_FLOAT_URL", floatService.baseUrl(),
        "QUARKUS_REST_CLIENT_COMBINER_URL", combiner.baseUrl(),
        "FRONTEND_JOBS_SYSTEM_EVERY", EVERY + "s",
        "FRONTEND_JOBS_SYSTEM_PRODUCTS_PER_RUN", Integer.toString(PRODUCTS),
        "FRONTEND_JOB_RUNNER_OWNER", owner,
        "FRONTEND_JOB_RUNNER_LEASE", LEASE + "s");
  }

  private static ServiceProcess launch(
      Path root, String name, String logName, Map<String, String> env) throws Exception {
    ServiceProcess service = ServiceProcess.start(root, name, logName, env);
    services.add(service);
    return service;
  }

  @AfterAll
  static void stopSuite() throws Exception {
    for (ServiceProcess service : services) {
      service.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void everyTickRunsExactlyOnceAcrossTwoReplicas() throws Exception {
    Window window = watch(20);

    List<Run> runs = runs(window);
    Figures figures = figures(window, runs);
    System.out.println("Two replicas, every " + EVERY + " s: " + figures);
    assertThat(figures.duplicates).isZero();
    assertThat(runs.size()).isBetween(window.ticks() - 1, window.ticks());
    assertThat(figures.longestGap).isLessThanOrEqualTo(Duration.ofSeconds(2 * EVERY));
    assertThat(runs).allMatch(run -> run.status.equals("SUCCEEDED"), "every run succeeded");
    assertThat(figures.products).isEqualTo((long) PRODUCTS * runs.size());
  }

  @Test
  @Order(2)
  void aKilledReplicaLeavesNoGapAndNothingRunTwice() throws Exception {
    frontendA.kill();
    Window window = watch(12);

    List<Run> runs = runs(window);
    Figures figures = figures(window, runs);
    System.out.println("After SIGKILL of frontend-a: " + figures);
    assertThat(figures.duplicates).isZero();
    assertThat(runs.size()).isBetween(window.ticks() - 1, window.ticks());
    assertThat(runs).allMatch(run -> run.owner.equals("frontend-b"), "frontend-b runs them all");
    assertThat(figures.products).isEqualTo((long) PRODUCTS * runs.size());
    // A run frontend-a left unfinished is marked failed once its lease ran out, never re-run
    // (the combiner's housekeeping looks every 2 s): waited for, at most a lease and two ticks.
    String unfinished =
        "SELECT count(*) FROM job_run WHERE status = 'RUNNING' AND owner = 'frontend-a'";
    Instant deadline = Instant.now().plusSeconds(LEASE + 2 * EVERY);
    while (count(unfinished) > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
    }
    assertThat(count(unfinished)).isZero();
    System.out.println(
        "Runs of frontend-a abandoned: "
            + count("SELECT count(*) FROM job_run WHERE error LIKE 'abandoned: frontend-a%'"));
  }

  @Test
  @Order(3)
  void anIntServiceOutageIsRecordedAsFailedRunsNamingIt() throws Exception {
    intService.stop();
    Window window = watch(8);

    List<Run> runs = runs(window);
    System.out.println(
        "int-service stopped: "
            + runs.size()
            + " runs, errors "
            + runs.stream().map(run -> run.error).distinct().toList());
    assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
    assertThat(runs)
        .allMatch(run -> run.status.equals("FAILED"), "failed")
        .allMatch(run -> run.error.startsWith("int-service is unavailable: "), "names int-service");
  }

  /** Waits for the ticks of the next {@code seconds} and for their runs to finish. */
  private static Window watch(int seconds) throws InterruptedException {
    long now = Instant.now().getEpochSecond();
    Instant from = Instant.ofEpochSecond((now / EVERY + 1) * EVERY);
    Instant to = from.plusSeconds(seconds);
    Thread.sleep(Duration.between(Instant.now(), to.plusSeconds(EVERY + 2)).toMillis());
    return new Window(from, to);
  }

  private record Window(Instant from, Instant to) {
    int ticks() {
      return (int) (Duration.between(from, to).toSeconds() / EVERY);
    }
  }

  private record Run(Instant scheduledAt, String owner, String status, String error) {}

  private record Figures(
      int ticks, int runs, long duplicates, Duration longestGap, long products) {}

  private static List<Run> runs(Window window) throws SQLException {
    try (Connection connection = postgres.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT scheduled_at, owner, status, error FROM job_run WHERE job_name = ?"
                    + " AND NOT manual AND scheduled_at >= ? AND scheduled_at < ?"
                    + " ORDER BY scheduled_at")) {
      statement.setString(1, JOB);
      statement.setTimestamp(2, Timestamp.from(window.from()));
      statement.setTimestamp(3, Timestamp.from(window.to()));
      List<Run> runs = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          runs.add(
              new Run(
                  rows.getTimestamp(1).toInstant(),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4)));
        }
      }
      return runs;
    }
  }

  private static Figures figures(Window window, List<Run> runs) throws SQLException {
    long distinct = runs.stream().map(Run::scheduledAt).distinct().count();
    Duration gap = Duration.ZERO;
    Instant previous = window.from().minusSeconds(EVERY);
    for (Run run : runs) {
      Duration d = Duration.between(previous, run.scheduledAt());
      gap = d.compareTo(gap) > 0 ? d : gap;
      previous = run.scheduledAt();
    }
    long products = 0;
    for (Run run : runs) {
      products +=
          count(
              "SELECT count(*) FROM product WHERE idempotency_key LIKE 'job:"
                  + JOB
                  + ":"
                  + run.scheduledAt().toEpochMilli()
                  + ":%'");
    }
    return new Figures(window.ticks(), runs.size(), runs.size() - distinct, gap, products);
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = postgres.connect();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}

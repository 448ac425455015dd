package dev.generatorsuite.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged service started as a real JVM process on a free port, as an operator would. */
final class ServiceProcess {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code <root>/<name>/target/quarkus-app/quarkus-run.jar} with the given settings. */
  static ServiceProcess start(Path root, String name, Map<String, String> environment)
      throws IOException {
    return start(root, name, name, environment);
  }

  /** The same, logging to {@code service-logs/<logName>.log}: for a second replica of a service. */
  static ServiceProcess start(
      Path root, String name, String logName, Map<String, String> environment) throws IOException {
    Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package the services first");
    }
    int port = freePort();
    Path logs = root.resolve("system-tests/target/service-logs");
    Files.createDirectories(logs);
    Path log = logs.resolve(logName + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    return new ServiceProcess(name, port, builder.start(), log);
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  /** Waits until {@code /q/health/ready} answers 200, failing with the service's log tail. */
  ServiceProcess awaitReady() throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited early:\n" + logTail());
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYetListening) {
        // Still starting: try again shortly.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        name + " not ready within " + READY_TIMEOUT + ":\n" + logTail());
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the service as an orchestrator would: SIGTERM first, then force after a grace period. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Kills the service at once (SIGKILL), as a crashed host or an out-of-memory kill would. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package dev.generatorsuite.frontend;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Three WireMock servers standing in for int, float and combiner, on free ports picked at start.
 * Each port is fixed for the whole run, so a test can stop a server (connection refused) and the
 * next test can start it again at the same address. Tests receive the servers in fields marked
 * {@link IntService}, {@link FloatService} and {@link CombinerService}.
 */
public class DownstreamServers implements QuarkusTestResourceLifecycleManager {

  /** Marks the field that receives the int-service stand-in. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface IntService {}

  /** Marks the field that receives the float-service stand-in. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface FloatService {}

  /** Marks the field that receives the combiner-service stand-in. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface CombinerService {}

  private WireMockServer intServer;
  private WireMockServer floatServer;
  private WireMockServer combinerServer;

  @Override
  public Map<String, String> start() {
    intServer = started();
    floatServer = started();
    combinerServer = started();
    return Map.of(
        "quarkus.rest-client.int.url", intServer.baseUrl(),
        "quarkus.rest-client.float.url", floatServer.baseUrl(),
        "quarkus.rest-client.combiner.url", combinerServer.baseUrl());
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        intServer,
        new TestInjector.AnnotatedAndMatchesType(IntService.class, WireMockServer.class));
    injector.injectIntoFields(
        floatServer,
        new TestInjector.AnnotatedAndMatchesType(FloatService.class, WireMockServer.class));
    injector.injectIntoFields(
        combinerServer,
        new TestInjector.AnnotatedAndMatchesType(CombinerService.class, WireMockServer.class));
  }

  @Override
  public void stop() {
    for (WireMockServer server : new WireMockServer[] {intServer, floatServer, combinerServer}) {
      if (server != null && server.isRunning()) {
        server.stop();
      }
    }
  }

  private static WireMockServer started() {
    WireMockServer server = new WireMockServer(wireMockConfig().port(freePort()));
    server.start();
    return server;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.generatorsuite.intservice.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Once the shutdown delay begins, every answer closes its connection (service-commons'
 * ConnectionDrain), so callers that keep connections open move to new ones before the task stops
 * listening. Its own profile: the event changes the application for good.
 */
@QuarkusTest
@TestProfile(ConnectionDrainTest.OwnApplication.class)
class ConnectionDrainTest {

  /** No settings of its own; only a separate application instance. */
  public static class OwnApplication implements QuarkusTestProfile {}

  @Inject Event<ShutdownDelayInitiatedEvent> shutdownDelay;

  @Test
  void answersCloseTheirConnectionOnceTheShutdownDelayBegins() {
    String before =
        given().when().get("/api/int").then().statusCode(200).extract().header("Connection");
    assertThat(before)
        .as("Connection header before the shutdown delay")
        .isNotEqualToIgnoringCase("close");

    shutdownDelay.fire(new ShutdownDelayInitiatedEvent());

    given().when().get("/api/int").then().statusCode(200).header("Connection", "close");
    given().when().get("/api/int?min=5&max=1").then().statusCode(400).header("Connection", "close");
  }
}

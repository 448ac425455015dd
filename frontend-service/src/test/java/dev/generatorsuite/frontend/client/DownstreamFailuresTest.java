package dev.generatorsuite.frontend.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.generatorsuite.frontend.domain.DownstreamUnavailableException;
import io.smallrye.stork.api.NoServiceInstanceFoundException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

class DownstreamFailuresTest {

  @Test
  void explainsCommonFailuresInPlainWords() {
    assertThat(DownstreamFailures.reason(new TimeoutException(), 1000))
        .isEqualTo("timed out after 1000 ms");
    assertThat(DownstreamFailures.reason(new CircuitBreakerOpenException(), 1000))
        .startsWith("circuit breaker open");
    assertThat(DownstreamFailures.reason(new BulkheadException(), 1000))
        .isEqualTo("too many calls in progress");
    assertThat(
            DownstreamFailures.reason(
                new ProcessingException(new ConnectException("Connection refused: /10.0.0.7")),
                1000))
        .isEqualTo("connection refused");
    assertThat(
            DownstreamFailures.reason(
                new NoServiceInstanceFoundException("No service instance found for int-service"),
                1000))
        .isEqualTo("no running instance");
    assertThat(DownstreamFailures.reason(new IllegalStateException("secret internals"), 1000))
        .isEqualTo("could not be reached (IllegalStateException)");
  }

  @Test
  void namesTheServiceAndAnswers503() {
    DownstreamUnavailableException e =
        DownstreamFailures.unavailable("int-service", new TimeoutException(), 1000);

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.serviceName()).isEqualTo("int-service");
    assertThat(e.getMessage()).isEqualTo("int-service is unavailable: timed out after 1000 ms");
    assertThat(e.toProblem().title()).isEqualTo("Service Unavailable");
  }

  @Test
  void keepsAnExceptionThatAlreadyNamesTheService() {
    DownstreamUnavailableException original =
        new DownstreamUnavailableException("combiner-service", "answered HTTP 503");

    assertThat(DownstreamFailures.unavailable("combiner-service", original, 1000))
        .isSameAs(original);
  }
}

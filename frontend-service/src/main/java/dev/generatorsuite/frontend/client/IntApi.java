package dev.generatorsuite.frontend.client;

import dev.generatorsuite.commons.version.VersionInfo;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** int-service's HTTP API; only {@link IntClient} uses it. */
@RegisterRestClient(configKey = "int")
@Produces(MediaType.APPLICATION_JSON)
interface IntApi {

  @GET
  @Path("/api/int")
  Uni<IntAnswer> next();

  @GET
  @Path("/q/health/ready")
  Uni<HealthAnswer> ready();

  @GET
  @Path("/version")
  Uni<VersionInfo> version();

  @ClientExceptionMapper
  static RuntimeException toException(Response response) {
    return DownstreamFailures.fromStatus(IntClient.SERVICE, response);
  }
}

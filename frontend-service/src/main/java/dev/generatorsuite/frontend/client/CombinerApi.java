package dev.generatorsuite.frontend.client;

import dev.generatorsuite.commons.version.VersionInfo;
import dev.generatorsuite.frontend.domain.Product;
import dev.generatorsuite.frontend.domain.ProductPage;
import dev.generatorsuite.frontend.domain.ProductStats;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** combiner-service's HTTP API; only {@link CombinerClient} uses it. */
@RegisterRestClient(configKey = "combiner")
@Produces(MediaType.APPLICATION_JSON)
interface CombinerApi {

  @POST
  @Path("/api/products")
  @Consumes(MediaType.APPLICATION_JSON)
  Uni<Product> create(@HeaderParam("Idempotency-Key") String idempotencyKey, ProductRequest body);

  @GET
  @Path("/api/products")
  Uni<ProductPage> page(@QueryParam("page") int page, @QueryParam("size") int size);

  @GET
  @Path("/api/products/{id}")
  Uni<Product> find(@PathParam("id") String id);

  @GET
  @Path("/api/products/stats")
  Uni<ProductStats> stats();

  @GET
  @Path("/q/health/ready")
  Uni<HealthAnswer> ready();

  @GET
  @Path("/version")
  Uni<VersionInfo> version();

  @ClientExceptionMapper
  static RuntimeException toException(Response response) {
    return DownstreamFailures.fromStatusPassingClientErrors(CombinerClient.SERVICE, response);
  }
}

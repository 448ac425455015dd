package dev.generatorsuite.intservice.api;

import dev.generatorsuite.commons.api.QueryParameters;
import dev.generatorsuite.commons.problem.Problem;
import dev.generatorsuite.intservice.domain.IntGenerator;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/int}: a random integer, uniform over an inclusive range. */
@Path("/api/int")
@Tag(name = "int", description = "Random integers")
public class IntResource {

  private final IntGenerator generator;

  public IntResource(IntGenerator generator) {
    this.generator = generator;
  }

  @GET
  // On the event loop: a draw takes microseconds and never blocks, and handing each request to a
  // worker thread and its answer back cost two thread switches, about a third of this service's
  // CPU per request in the stack (bench/OPTIMISATIONS.md).
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Draw a random integer",
      description =
          "Returns an integer drawn uniformly from [min, max], both inclusive. Bounds that are not"
              + " given come from the configuration.")
  @APIResponse(
      responseCode = "200",
      description = "The drawn integer and the range it was drawn from",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = IntResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "A bound is not an integer, min is greater than max, or the range is wider than allowed",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public IntResponse draw(
      @Parameter(
              description = "Lower bound, inclusive; the configured default when absent",
              schema = @Schema(type = SchemaType.INTEGER, format = "int32"))
          @QueryParam("min")
          String min,
      @Parameter(
              description = "Upper bound, inclusive; the configured default when absent",
              schema = @Schema(type = SchemaType.INTEGER, format = "int32"))
          @QueryParam("max")
          String max) {
    return IntResponse.of(
        generator.draw(
            QueryParameters.optionalInt("min", min), QueryParameters.optionalInt("max", max)));
  }
}

package dev.generatorsuite.floatservice.api;

import dev.generatorsuite.commons.api.QueryParameters;
import dev.generatorsuite.commons.problem.Problem;
import dev.generatorsuite.floatservice.domain.FloatGenerator;
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

/** {@code GET /api/float}: a random finite number, uniform over a half-open range. */
@Path("/api/float")
@Tag(name = "float", description = "Random floating-point numbers")
public class FloatResource {

  private final FloatGenerator generator;

  public FloatResource(FloatGenerator generator) {
    this.generator = generator;
  }

  @GET
  // On the event loop: a draw takes microseconds and never blocks, and handing each request to a
  // worker thread and its answer back cost two thread switches, about a third of this service's
  // CPU per request in the stack (bench/OPTIMISATIONS.md).
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Draw a random number",
      description =
          "Returns a finite number drawn uniformly from [min, max): min is inclusive, max is"
              + " exclusive. With scale, the value has at most that many decimal places and is"
              + " drawn uniformly among such numbers in the range. Bounds and scale that are not"
              + " given come from the configuration.")
  @APIResponse(
      responseCode = "200",
      description = "The drawn number and the range it was drawn from",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = FloatResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "A bound is not a finite number or too far from zero, min is not less than max, or the"
              + " scale is not an integer in 0..10",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public FloatResponse draw(
      @Parameter(
              description = "Lower bound, inclusive; the configured default when absent",
              schema = @Schema(type = SchemaType.NUMBER, format = "double"))
          @QueryParam("min")
          String min,
      @Parameter(
              description = "Upper bound, exclusive; the configured default when absent",
              schema = @Schema(type = SchemaType.NUMBER, format = "double"))
          @QueryParam("max")
          String max,
      @Parameter(
              description = "Decimal places to round to, 0..10; unrounded when absent",
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      format = "int32",
                      minimum = "0",
                      maximum = "10"))
          @QueryParam("scale")
          String scale) {
    return FloatResponse.of(
        generator.draw(
            QueryParameters.optionalFiniteDouble("min", min),
            QueryParameters.optionalFiniteDouble("max", max),
            QueryParameters.optionalInt("scale", scale)));
  }
}

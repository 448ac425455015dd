package dev.generatorsuite.frontend.api;

import dev.generatorsuite.commons.problem.Problem;
import dev.generatorsuite.commons.problem.ProblemException;
import dev.generatorsuite.frontend.domain.GenerateService;
import dev.generatorsuite.frontend.domain.Generated;
import dev.generatorsuite.frontend.domain.Product;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The Generate flow as JSON, for scripts and load tests. */
@Path("/api/generate")
@Tag(name = "generate")
public class GenerateResource {

  /** Set to {@code true} when a repeated key returns its stored product, as the combiner does. */
  static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  private final GenerateService generateService;

  public GenerateResource(GenerateService generateService) {
    this.generateService = generateService;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Generate and store one product",
      description =
          "Asks int-service and float-service at the same time, then combiner-service to score"
              + " and store the product. No request body, so a repeat with the same"
              + " Idempotency-Key is the same request: it stores nothing and answers 200 with the"
              + " product the key stored (header Idempotent-Replayed: true).")
  @APIResponse(
      responseCode = "201",
      description = "The stored product, as the combiner returned it",
      headers = @Header(name = HttpHeaders.LOCATION, description = "/api/products/{id}"),
      content = @Content(schema = @Schema(implementation = Product.class)))
  @APIResponse(
      responseCode = "200",
      description = "The Idempotency-Key had stored this product already; nothing new was stored",
      headers = {
        @Header(name = HttpHeaders.LOCATION, description = "/api/products/{id}"),
        @Header(name = IDEMPOTENT_REPLAYED, description = "true")
      },
      content = @Content(schema = @Schema(implementation = Product.class)))
  @APIResponse(
      responseCode = "400",
      description = "Malformed Idempotency-Key, or a request body (this call takes none)",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "409",
      description =
          "The combiner refused the Idempotency-Key and named no product it stored under it",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  @APIResponse(
      responseCode = "503",
      description = "A downstream service is down or slow; the detail names it",
      content = @Content(mediaType = Problem.MEDIA_TYPE))
  public Uni<Response> generate(
      @Parameter(
              description =
                  "Optional, at most 64 visible ASCII characters; passed on to the combiner. A"
                      + " fresh key is used when absent. Repeat it to retry safely.",
              schema = @Schema(type = SchemaType.STRING, maxLength = 64))
          @HeaderParam("Idempotency-Key")
          String idempotencyKey,
      @Context HttpHeaders headers) {
    if (hasBody(headers)) {
      // A caller sending values expects them to be used; storing random ones instead would be a
      // silent surprise.
      throw ProblemException.badRequest(
          "unexpected-body",
          "POST /api/generate takes no request body; the values come from int-service and"
              + " float-service");
    }
    return generateService
        .generate(singleKey(idempotencyKey, headers), "The Idempotency-Key header")
        .map(GenerateResource::answer);
  }

  /** 201 for a new product; 200 and {@value #IDEMPOTENT_REPLAYED} for the key's stored one. */
  private static Response answer(Generated generated) {
    Product product = generated.product();
    Response.ResponseBuilder answer =
        Response.status(generated.replayed() ? Response.Status.OK : Response.Status.CREATED)
            .header(
                HttpHeaders.LOCATION,
                "/api/products/" + URLEncoder.encode(product.idText(), StandardCharsets.UTF_8))
            .entity(product);
    if (generated.replayed()) {
      answer.header(IDEMPOTENT_REPLAYED, "true");
    }
    return answer.build();
  }

  /**
   * The key from the raw headers: {@code @HeaderParam} takes the first of two keys and reads an
   * empty one as none, and either way a fresh key (and a new product) would be used silently.
   */
  private static String singleKey(String idempotencyKey, HttpHeaders headers) {
    List<String> values = headers.getRequestHeader("Idempotency-Key");
    if (values == null || values.isEmpty()) {
      return idempotencyKey;
    }
    if (values.size() > 1) {
      throw ProblemException.badRequest(
          "invalid-idempotency-key",
          "One Idempotency-Key header is expected, got " + values.size());
    }
    return values.get(0);
  }

  private static boolean hasBody(HttpHeaders headers) {
    return headers.getLength() > 0 || headers.getHeaderString("Transfer-Encoding") != null;
  }
}

package dev.generatorsuite.combiner.api;

import dev.generatorsuite.combiner.config.CombinerConfig;
import dev.generatorsuite.combiner.domain.Combination;
import dev.generatorsuite.combiner.domain.RulesEngine;
import dev.generatorsuite.combiner.persistence.ProductPage;
import dev.generatorsuite.combiner.persistence.ProductRepository;
import dev.generatorsuite.combiner.persistence.StoreResult;
import dev.generatorsuite.commons.problem.Problem;
import dev.generatorsuite.commons.problem.ProblemException;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The combiner's HTTP API: create, list, fetch and summarise products. */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Products", description = "Combine an integer and a float and keep the result")
@APIResponse(
    responseCode = "503",
    description = "The database is unavailable; retry after the Retry-After seconds",
    headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ProductResource {

  /** Header that makes a create safe to retry. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** Set to {@code true} on the answer to a retried create that stored nothing new. */
  public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  /** 1 to 64 visible ASCII characters (a UUID or any opaque token fits). */
  private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7E]{1,64}");

  private final RulesEngine rules;
  private final ProductRepository repository;
  private final CombinerConfig config;

  public ProductResource(RulesEngine rules, ProductRepository repository, CombinerConfig config) {
    this.rules = rules;
    this.repository = repository;
    this.config = config;
  }

  /**
   * Combines and stores. With an {@code Idempotency-Key}, a retry with the same body answers
   * exactly like the first call (201, same Location and body, plus {@code Idempotent-Replayed:
   * true}) and stores nothing; the same key with another body is a 409 that names the stored
   * product (Location and {@code productId}).
   *
   * <p>Runs on the event loop: a keyed store waits in {@link ProductRepository#storeOnce} without a
   * thread, and its answer is written from here, so a request costs no hand-over to a worker thread
   * and back (on this kind of machine a thread switch costs more than the rules). A store without a
   * key is a blocking statement of its own and runs on a worker thread.
   */
  @POST
  @NonBlocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Combine two values and store the product",
      description =
          "product = intValue * floatValue; outcome MISS/HIT/CRIT from the configured thresholds"
              + " on |product|. A retry with the same Idempotency-Key and body returns the stored"
              + " product again (201, header Idempotent-Replayed: true) and stores nothing.")
  @APIResponse(
      responseCode = "201",
      description = "Stored (or replayed for a repeated Idempotency-Key)",
      headers = {
        @Header(name = HttpHeaders.LOCATION, description = "/api/products/{id}"),
        @Header(name = IDEMPOTENT_REPLAYED, description = "true when nothing new was stored")
      },
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ProductResponse.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid body or Idempotency-Key",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "The Idempotency-Key was already used with another body; productId and Location name"
              + " the product that key stored",
      headers =
          @Header(
              name = HttpHeaders.LOCATION,
              description = "/api/products/{id} of the product stored under this key"),
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = KeyReusedProblem.class)))
  @APIResponse(
      responseCode = "415",
      description = "The body is not application/json",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @Parameter(
      name = IDEMPOTENCY_KEY,
      in = ParameterIn.HEADER,
      description = "Optional, 1 to 64 visible ASCII characters; makes retries safe",
      schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 64))
  public Uni<Response> create(
      @Context HttpHeaders headers,
      @Valid @NotNull(message = "A JSON object body is required") ProductRequest request) {
    String idempotencyKey = idempotencyKey(headers.getRequestHeader(IDEMPOTENCY_KEY));
    Combination combination = rules.combine(request.intValue(), request.floatValue());
    String fingerprint = idempotencyKey == null ? null : request.fingerprint();
    Uni<StoreResult> stored =
        idempotencyKey == null
            ? Uni.createFrom()
                .item(() -> repository.store(combination))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
            : repository.storeOnce(combination, idempotencyKey, fingerprint);
    return stored.emitOn(onThisEventLoop()).map(result -> answer(result, fingerprint));
  }

  /**
   * Runs what it is given on the request's own event loop, where the answer is written anyway: a
   * result that arrives on a writer's thread comes back here in one hop.
   */
  private static Executor onThisEventLoop() {
    io.vertx.core.Context context = Vertx.currentContext();
    return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
  }

  /** 201 with the product; 409 when the key stored another body's product. */
  private static Response answer(StoreResult result, String fingerprint) {
    String location = "/api/products/" + result.product().id;
    if (!result.created() && !result.product().requestHash.equals(fingerprint)) {
      // Names the key's product, so a caller that knows its request was the first one's can
      // fetch it; nothing about that product is secret from whoever holds its key.
      return Response.status(Response.Status.CONFLICT)
          .type(Problem.MEDIA_TYPE)
          .header(HttpHeaders.LOCATION, location)
          .entity(KeyReusedProblem.of(result.product().id))
          .build();
    }
    Response.ResponseBuilder answer =
        Response.status(Response.Status.CREATED)
            .header(HttpHeaders.LOCATION, location)
            .entity(ProductResponse.of(result.product()));
    if (!result.created()) {
      answer.header(IDEMPOTENT_REPLAYED, "true");
    }
    return answer.build();
  }

  @GET
  @Operation(summary = "List products, newest first")
  @APIResponse(
      responseCode = "200",
      description = "A page of products",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ProductPageResponse.class)))
  @APIResponse(
      responseCode = "400",
      description = "page is not an integer >= 0, or size not an integer in 1..100",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @Parameter(
      name = "page",
      in = ParameterIn.QUERY,
      description = "Zero-based page index, default 0",
      schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
  @Parameter(
      name = "size",
      in = ParameterIn.QUERY,
      description = "Page size, 1 to 100, default 20",
      schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
  public ProductPageResponse list(@Context UriInfo uri) {
    // Raw parameters, not @QueryParam: that turns "size=" into null and would hide the error.
    MultivaluedMap<String, String> query = uri.getQueryParameters();
    int pageIndex = parseParam("page", query.getFirst("page"), 0, 0, Integer.MAX_VALUE);
    int pageSize =
        parseParam(
            "size",
            query.getFirst("size"),
            config.paging().defaultSize(),
            1,
            config.paging().maxSize());
    ProductPage found = repository.newestFirst(pageIndex, pageSize);
    return new ProductPageResponse(
        found.items().stream().map(ProductResponse::of).toList(),
        pageIndex,
        pageSize,
        found.total());
  }

  @GET
  @Path("stats")
  @Operation(summary = "Statistics over every stored product")
  @APIResponse(
      responseCode = "200",
      description = "count, min, max and mean product, count per outcome",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StatsResponse.class)))
  public StatsResponse stats() {
    return StatsResponse.of(repository.stats());
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Fetch one product")
  @APIResponse(
      responseCode = "200",
      description = "The product",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ProductResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "No product has this id (also for an id that is not a number)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public ProductResponse byId(
      @Parameter(description = "The product's id", schema = @Schema(type = SchemaType.INTEGER))
          @PathParam("id")
          String id) {
    return parseId(id)
        .flatMap(repository::byId)
        .map(ProductResponse::of)
        .orElseThrow(
            () -> new ProblemException(404, "not-found", "Not Found", "No product with id " + id));
  }

  /**
   * The Idempotency-Key of a request, or {@code null} without one. Read from the raw headers, so
   * that an empty or repeated header is a 400 instead of silently meaning "no key".
   */
  private static String idempotencyKey(List<String> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() == 1 && KEY_FORMAT.matcher(values.get(0)).matches()) {
      return values.get(0);
    }
    throw ProblemException.badRequest(
        "invalid-idempotency-key",
        "One Idempotency-Key header of 1 to 64 visible ASCII characters is expected");
  }

  private static Optional<Long> parseId(String id) {
    try {
      long value = Long.parseLong(id);
      return value > 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int parseParam(String name, String raw, int absent, int min, int max) {
    if (raw == null) {
      return absent;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Answered below like any other invalid value.
    }
    String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
    throw ProblemException.badRequest(
        "invalid-parameter", "Query parameter '" + name + "' must be an integer " + range);
  }
}

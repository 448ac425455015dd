package dev.generatorsuite.combiner.api;

import dev.generatorsuite.commons.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 409 problem for an Idempotency-Key already used with another body: an RFC 9457 problem with
 * one extension member, the product the key made. A caller whose own request is the same as the
 * first one (for example the frontend's Generate, which has no body of its own) can then fetch that
 * product instead of being stuck with the conflict.
 */
@Schema(name = "KeyReusedProblem", description = "Problem document naming the key's product")
public record KeyReusedProblem(
    @Schema(example = "urn:generator-suite:problem:idempotency-key-reused") String type,
    @Schema(example = "Conflict") String title,
    @Schema(example = "409") int status,
    String detail,
    @Schema(description = "The product stored under this key, also in the Location header")
        long productId) {

  static final String SLUG = "idempotency-key-reused";

  static KeyReusedProblem of(long productId) {
    return new KeyReusedProblem(
        Problem.TYPE_PREFIX + SLUG,
        "Conflict",
        409,
        "The Idempotency-Key was already used with another request body",
        productId);
  }
}

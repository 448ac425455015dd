package dev.generatorsuite.combiner.api;

import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/products}. Both fields are required; any other field (including
 * {@code product} and {@code outcome}) is rejected by Jackson ({@code fail-on-unknown-properties}),
 * and {@link StrictJsonCustomizer} rejects strings, booleans and fractions for the integer.
 */
@Schema(name = "ProductRequest", description = "Two values to combine")
public record ProductRequest(
    @Schema(required = true, description = "An integer within the configured bounds", example = "7")
        @NotNull(message = "is required")
        Integer intValue,
    @Schema(
            required = true,
            description = "A finite number within the configured bounds",
            example = "12.5")
        @NotNull(message = "is required")
        Double floatValue) {

  /**
   * A SHA-256 (hex) of the request's values, independent of the JSON's spacing, field order or
   * number spelling ({@code 1.50} and {@code 1.5} are the same request).
   */
  String fingerprint() {
    String canonical = intValue + ":" + Double.toString(floatValue + 0.0);
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required on every Java platform", e);
    }
  }
}

package dev.generatorsuite.frontend.domain;

import dev.generatorsuite.frontend.client.CombinerClient;
import dev.generatorsuite.frontend.client.FloatClient;
import dev.generatorsuite.frontend.client.IntClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Generate flow: a random integer and a random float, asked for at the same time, then handed
 * to the combiner, which scores and stores the product.
 */
@ApplicationScoped
public class GenerateService {

  private final IntClient intClient;
  private final FloatClient floatClient;
  private final CombinerClient combinerClient;

  public GenerateService(
      IntClient intClient, FloatClient floatClient, CombinerClient combinerClient) {
    this.intClient = intClient;
    this.floatClient = floatClient;
    this.combinerClient = combinerClient;
  }

  /**
   * Generates and stores one product.
   *
   * @param idempotencyKey the caller's key, or {@code null} for a fresh one. The same key is sent
   *     on every retry of the write, so the combiner stores the product at most once.
   * @param field how the key is called where the caller sent it, for the 400 message
   * @return the new product, or the one this key stored in an earlier call ({@link
   *     Generated#replayed()})
   */
  public Uni<Generated> generate(String idempotencyKey, String field) {
    String key =
        idempotencyKey == null
            ? IdempotencyKeys.fresh()
            : IdempotencyKeys.requireValid(idempotencyKey, field);
    // Both requests are sent before either answers; the first failure fails the whole at once.
    return Uni.combine()
        .all()
        .unis(intClient.nextValue(), floatClient.nextValue())
        .asTuple()
        .chain(values -> combinerClient.create(values.getItem1(), values.getItem2(), key))
        .map(Generated::stored)
        .onFailure(KeyAlreadyUsedException.class)
        .recoverWithUni(this::replay);
  }

  /** The same flow for the page's form, whose one-time token is required. */
  public Uni<Generated> generateWithToken(String token) {
    return generate(IdempotencyKeys.requireValid(token, "The form's token"), "The form's token");
  }

  /**
   * A Generate call has no body, so a second call with the same key is the same request, although
   * it drew other values: the answer is the product the key stored (the first answer may have been
   * lost). If that product cannot be found, the combiner's 409 stands.
   */
  private Uni<Generated> replay(KeyAlreadyUsedException conflict) {
    return combinerClient
        .find(conflict.productId())
        .map(Generated::replayed)
        .onFailure(DownstreamRejectedException.class)
        .transform(notFound -> conflict);
  }
}

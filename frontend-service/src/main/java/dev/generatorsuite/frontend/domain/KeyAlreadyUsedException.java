package dev.generatorsuite.frontend.domain;

/**
 * The combiner's 409 for an Idempotency-Key that already stored a product from other values, with
 * the id of that product. For the Generate flow this is a repeat of a call whose answer was lost:
 * its values are drawn anew on every call, so only the key says it is the same request.
 */
public class KeyAlreadyUsedException extends DownstreamRejectedException {

  private static final long serialVersionUID = 1L;

  private final String productId;

  public KeyAlreadyUsedException(
      String serviceName, String slug, String title, String detail, String productId) {
    super(serviceName, 409, slug, title, detail);
    this.productId = productId;
  }

  /** The id of the product stored under the key, as the combiner named it. */
  public String productId() {
    return productId;
  }
}

package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.domain.Combination;

/**
 * A store under an Idempotency-Key.
 *
 * @param requestHash the hash of the request body, kept with the row to tell a retry from another
 *     body sent with the same key
 */
record KeyedStore(Combination combination, String key, String requestHash) {}

package dev.generatorsuite.frontend.domain;

import java.time.Instant;

/**
 * The Idempotency-Keys of a run's products: one per job, tick and index, so a retry never doubles.
 */
public final class JobKeys {

  private JobKeys() {}

  /**
   * {@code job:<name>:<tick in epoch ms>:<index>}: at most 4 + 40 + 1 + 13 + 1 + 3 = 62 visible
   * ASCII characters for the next few centuries, within the combiner's 64.
   */
  public static String idempotencyKey(String job, Instant tick, int index) {
    return IdempotencyKeys.requireValid(
        "job:" + job + ":" + tick.toEpochMilli() + ":" + index, "A job's key");
  }
}

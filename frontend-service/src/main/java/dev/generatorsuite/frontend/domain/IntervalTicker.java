package dev.generatorsuite.frontend.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The ticks of an interval job: every multiple of the interval since the epoch (UTC). Every replica
 * computes the same ticks from its own clock, so they claim the same {@code scheduledAt}; clocks a
 * little apart only shift when each replica notices a tick, not which tick it is.
 *
 * <p>Asked often (every second), it answers each tick once. The first answer after a start is
 * nothing: a tick that passed before this replica looked belongs to the replicas that were running
 * then. A check that comes a little late (a one-second job checked at :10.999, then at :12.001)
 * still answers the one tick it skipped; after a longer stall only the latest tick is due, the
 * skipped ones belong to the other replicas.
 */
public final class IntervalTicker {

  private final long intervalMillis;
  private Instant last;

  public IntervalTicker(Duration interval) {
    if (interval.toMillis() < 1000) {
      throw new IllegalArgumentException("An interval must be at least one second: " + interval);
    }
    this.intervalMillis = interval.toMillis();
  }

  /** The latest tick at or before {@code now}. */
  public Instant tickAt(Instant now) {
    return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), intervalMillis) * intervalMillis);
  }

  /** The first tick after {@code now}. */
  public Instant nextAfter(Instant now) {
    return tickAt(now).plusMillis(intervalMillis);
  }

  /**
   * The ticks reached since the previous call, oldest first: none, one, or two after a late check.
   */
  public synchronized List<Instant> due(Instant now) {
    Instant tick = tickAt(now);
    Instant previous = last;
    if (previous != null && !tick.isAfter(previous)) {
      return List.of();
    }
    last = tick;
    if (previous == null) {
      return List.of();
    }
    Instant skipped = tick.minusMillis(intervalMillis);
    return skipped.equals(previous.plusMillis(intervalMillis))
        ? List.of(skipped, tick)
        : List.of(tick);
  }
}

package dev.generatorsuite.frontend.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The ticks of an interval job: every multiple of the interval since the epoch (UTC). Every replica
 * computes the same ticks from its own clock, so they claim the same {@code scheduledAt}; clocks a
 * little apart only shift when each replica notices a tick, not which tick it is.
 *
 * <p>Asked often (every second), it answers each tick once. The first answer after a start is
 * nothing: a tick that passed before this replica looked belongs to the replicas that were running
 * then.
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

  /** The tick reached since the previous call, if any. */
  public synchronized Optional<Instant> due(Instant now) {
    Instant tick = tickAt(now);
    boolean first = last == null;
    if (!first && !tick.isAfter(last)) {
      return Optional.empty();
    }
    last = tick;
    return first ? Optional.empty() : Optional.of(tick);
  }
}

package dev.generatorsuite.commons.api;

import io.vertx.core.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * A random source for a service's tests that records whether the last draw ran on a Vert.x event
 * loop thread: installed in place of the service's own, it shows on which thread a request ran.
 */
public final class EventLoopProbe implements RandomGenerator {

  private final AtomicBoolean onEventLoop = new AtomicBoolean();

  @Override
  public long nextLong() {
    onEventLoop.set(Context.isOnEventLoopThread());
    return 7;
  }

  /** Whether the last draw ran on an event loop thread. */
  public AtomicBoolean onEventLoop() {
    return onEventLoop;
  }
}

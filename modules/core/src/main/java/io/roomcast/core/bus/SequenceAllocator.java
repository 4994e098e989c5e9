package io.roomcast.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Counter;

/**
 * Per-room {@code seq} for durable events, monotonic across the whole cluster: one cluster-wide
 * counter per room (a Hazelcast atomic long behind Vert.x shared data), not a per-node counter.
 */
public final class SequenceAllocator {
  private static final String PREFIX = "roomcast.seq.";

  private final Vertx vertx;

  public SequenceAllocator(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<Long> next(String room) {
    return vertx.sharedData().getCounter(PREFIX + room).compose(Counter::incrementAndGet);
  }

  /** The last allocated seq of a room (0 when none), without allocating. */
  public Future<Long> current(String room) {
    return vertx.sharedData().getCounter(PREFIX + room).compose(Counter::get);
  }
}

package io.roomcast.edge.hub;

import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Context;

/** A local connection's interest in one bus address, fed by the node's {@link NodeHub}. */
public interface Subscriber {
  /** The event-loop context that owns the connection; deliveries run on it. */
  Context context();

  /**
   * Called for every frame on the subscribed address, in order, on {@link #context()} or on a
   * duplicate of it (the same thread: Vert.x dispatches each bus message on a fresh duplicate).
   */
  void deliver(String address, EncodedEvent frame);
}

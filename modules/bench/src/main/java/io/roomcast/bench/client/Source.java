package io.roomcast.bench.client;

import io.vertx.core.Future;

/**
 * Where a run's events come from: HTTP publishes, batches, or members writing on their own sockets.
 * Rooms are indexed as in the run's room list; only measured events count toward {@link #accepted}.
 */
public interface Source {
  /** Sends for {@code millis} at the source's rate; completes once every answer is in. */
  Future<Void> run(long millis, boolean measured);

  /** Measured events the server accepted for room {@code index}. */
  long accepted(int index);

  long acceptedTotal();

  long failed();

  String lastError();

  Future<Void> close();
}

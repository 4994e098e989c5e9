package io.roomcast.edge.hub;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/** The timers room orders run on: Vert.x's, or a test's hand-driven ones. */
public interface Timers {
  long set(long delayMs, Handler<Long> handler);

  void cancel(long id);

  /** Vert.x's timers. */
  static Timers on(Vertx vertx) {
    return new Timers() {
      @Override
      public long set(long delayMs, Handler<Long> handler) {
        return vertx.setTimer(delayMs, handler);
      }

      @Override
      public void cancel(long id) {
        vertx.cancelTimer(id);
      }
    };
  }
}

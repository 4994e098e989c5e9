package io.roomcast.bench.client;

import io.vertx.core.Vertx;

/**
 * Sends at a steady rate: every tick, whatever is due by then goes out, so the rate holds even when
 * a tick runs late. Runs on the caller's event loop.
 */
final class Pacer {
  /** Sends {@code count} events, numbered from {@code first}. */
  interface Due {
    void send(long first, int count);
  }

  private Pacer() {}

  /**
   * Sends at {@code ratePerSecond} for {@code millis}, at most {@code maxPerSend} events per call
   * of {@code due}, then runs {@code ended}.
   */
  static void run(
      Vertx vertx,
      long tickMillis,
      long millis,
      double ratePerSecond,
      int maxPerSend,
      Due due,
      Runnable ended) {
    long start = System.nanoTime();
    long end = start + millis * 1_000_000L;
    long[] sent = {0};
    vertx.setPeriodic(
        tickMillis,
        id -> {
          long now = System.nanoTime();
          long target = (long) ((Math.min(now, end) - start) * ratePerSecond / 1e9);
          while (sent[0] < target) {
            int n = (int) Math.min(maxPerSend, target - sent[0]);
            due.send(sent[0], n);
            sent[0] += n;
          }
          if (now >= end) {
            vertx.cancelTimer(id);
            ended.run();
          }
        });
  }
}

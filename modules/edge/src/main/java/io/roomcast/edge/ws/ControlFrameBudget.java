package io.roomcast.edge.ws;

import io.netty.channel.Channel;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.Ticker;

/**
 * The pings and pongs a client may send: a token bucket of {@code perSecond}, holding {@code
 * burstSeconds} seconds' worth. Time is the caller's clock in nanoseconds (the channel's ticker).
 */
final class ControlFrameBudget {
  private final double perNano;
  private final double burst;
  private double tokens;
  private long refilledAt;

  ControlFrameBudget(int perSecond, int burstSeconds, long nowNanos) {
    this.perNano = perSecond / 1e9;
    this.burst = (double) perSecond * burstSeconds;
    this.tokens = burst;
    this.refilledAt = nowNanos;
  }

  /** The channel's event loop's clock in nanoseconds (advanced by hand in tests). */
  static long now(Channel channel) {
    return channel.eventLoop() instanceof AbstractScheduledEventExecutor loop
        ? loop.ticker().nanoTime()
        : Ticker.systemTicker().nanoTime();
  }

  /** Takes one control frame; false when the budget is spent (the client floods). */
  boolean take(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * perNano);
    refilledAt = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}

package io.roomcast.edge.connection;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.config.LimitsConfig;

/**
 * A token bucket per connection for what a client sends into rooms (publishes and signals): {@code
 * publishBurst} at once, then {@code publishPerSecond}. Refusals are {@code rate_limited}; {@code
 * abuseLimit} refusals in a row mean the client ignores them, and it is disconnected.
 */
public final class RateLimiter {
  private final double perNano;
  private final double burst;
  private final int abuseLimit;
  private double tokens;
  private long lastNanos = System.nanoTime();
  private int refusedInARow;

  public RateLimiter(LimitsConfig limits) {
    this.perNano = limits.publishPerSecond() / 1e9;
    this.burst = limits.publishBurst();
    this.abuseLimit = limits.abuseLimit();
    this.tokens = burst;
  }

  /** Outcome of one attempt. */
  public enum Verdict {
    ALLOWED,
    REFUSED,
    /** Refused, and the client has been refused too often in a row: close it. */
    ABUSIVE
  }

  public Verdict acquire() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastNanos) * perNano);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      refusedInARow = 0;
      return Verdict.ALLOWED;
    }
    return ++refusedInARow >= abuseLimit ? Verdict.ABUSIVE : Verdict.REFUSED;
  }

  public static RuntimeException refusal() {
    return ErrorCode.RATE_LIMITED.exception("slow down: too many publishes on this connection");
  }
}

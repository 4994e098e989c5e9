package io.roomcast.relay;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: the delay before attempt {@code n} (from 0) is drawn
 * uniformly from {@code [0, min(cap, base * 2^n)]}, so relays that lost Redis together do not
 * reconnect together. See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
final class Backoff {
  private final long baseMs;
  private final long capMs;
  private final LongUnaryOperator uniformUpTo;

  Backoff(long baseMs, long capMs) {
    this(baseMs, capMs, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /**
   * @param uniformUpTo draws a value in {@code [0, bound]}; injected so tests are exact
   */
  Backoff(long baseMs, long capMs, LongUnaryOperator uniformUpTo) {
    if (baseMs < 1 || capMs < baseMs) {
      throw new IllegalArgumentException("need 1 <= base <= cap");
    }
    this.baseMs = baseMs;
    this.capMs = capMs;
    this.uniformUpTo = uniformUpTo;
  }

  /** The largest delay attempt {@code n} may wait. */
  long bound(int attempt) {
    int doublings = Math.min(Math.max(attempt, 0), 32);
    return Math.min(capMs, baseMs << doublings);
  }

  long delay(int attempt) {
    return uniformUpTo.applyAsLong(bound(attempt));
  }
}

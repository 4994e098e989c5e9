package io.roomcast.relay;

import java.util.logging.Logger;

/**
 * At most one warning per period, with the number of similar ones it swallowed, so a flood of bad
 * messages cannot flood the log. Used from one event loop.
 */
final class ThrottledLog {
  private final Logger log;
  private final long periodNanos;
  private long nextAt;
  private long suppressed;

  ThrottledLog(Class<?> owner, long periodMs) {
    this.log = Logger.getLogger(owner.getName());
    this.periodNanos = periodMs * 1_000_000;
    this.nextAt = System.nanoTime();
  }

  void warn(String message) {
    long now = System.nanoTime();
    if (now - nextAt < 0) {
      suppressed++;
      return;
    }
    nextAt = now + periodNanos;
    log.warning(suppressed == 0 ? message : message + " (" + suppressed + " similar suppressed)");
    suppressed = 0;
  }
}

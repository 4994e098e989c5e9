package io.roomcast.hooks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One line per period at most; the lines held back in between are counted in the next one. */
final class RateLimitedLog {
  private final Logger log;
  private final long periodMillis;
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE / 2);
  private final AtomicLong held = new AtomicLong();

  RateLimitedLog(Logger log, long periodMillis) {
    this.log = log;
    this.periodMillis = periodMillis;
  }

  void warn(String message) {
    long now = System.currentTimeMillis();
    long was = last.get();
    if (now - was < periodMillis || !last.compareAndSet(was, now)) {
      held.incrementAndGet();
      return;
    }
    long skipped = held.getAndSet(0);
    log.log(
        Level.WARNING,
        skipped == 0 ? message : message + " (and " + skipped + " similar since the last line)");
  }
}

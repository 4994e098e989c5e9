package io.roomcast.hooks;

/**
 * The delivery's clockwork. Retry delays grow from {@code firstRetryMillis} doubling up to {@code
 * maxRetryMillis}, each drawn uniformly below that bound (full jitter, so that receivers coming
 * back are not hit by every node at once).
 *
 * @param scanMillis how often a node looks for pending entries it owns but does not know (taken
 *     over from a departed member, or moved to it by a migration) and enforces the queue bound
 * @param maxInFlight requests open at once to one receiver from one node; more wait their turn
 */
record DeliveryTiming(
    long firstRetryMillis, long maxRetryMillis, long scanMillis, int maxInFlight) {
  static final DeliveryTiming DEFAULT = new DeliveryTiming(1000, 60_000, 1000, 16);

  DeliveryTiming {
    if (firstRetryMillis < 1 || maxRetryMillis < firstRetryMillis || scanMillis < 1) {
      throw new IllegalArgumentException("delivery timing out of range");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1");
    }
  }

  /** The bound of the {@code attempt}-th retry's delay (attempt 1 is the first retry). */
  long bound(int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    return Math.min(maxRetryMillis, firstRetryMillis << doublings);
  }
}

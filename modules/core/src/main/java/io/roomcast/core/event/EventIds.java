package io.roomcast.core.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDv7 event ids (RFC 9562 §5.7, counter method 1): 48 bits of Unix milliseconds, a 12-bit
 * counter in {@code rand_a}, 62 random bits. Ids from one JVM are strictly increasing; ids from
 * different nodes sort by time to the millisecond.
 */
public final class EventIds {
  private static long lastMillis;
  private static int counter;

  private EventIds() {}

  public static String next() {
    long random = ThreadLocalRandom.current().nextLong(); // ids are public: no secret to draw
    long millis = System.currentTimeMillis();
    int count;
    synchronized (EventIds.class) {
      if (millis > lastMillis) {
        lastMillis = millis;
        counter = 0;
      } else if (++counter > 0xFFF) { // counter exhausted: borrow the next millisecond
        lastMillis++;
        counter = 0;
      }
      millis = lastMillis;
      count = counter;
    }
    long msb = (millis << 16) | 0x7000L | count;
    long lsb = (random & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}

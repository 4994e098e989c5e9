package io.roomcast.bench.client;

import io.vertx.core.buffer.Buffer;

/**
 * The generator's marks inside an event's data, found by scanning bytes rather than parsing JSON
 * (the generator reads tens of thousands of frames a second on the same two cores as the server).
 *
 * <p>Every published payload carries {@code "bt":<System.nanoTime() at send>} and {@code "bm":1|0}
 * (measured or warm-up). The publisher and subscribers live in one JVM, so the nanoTime difference
 * is a valid publish-to-deliver latency. The keys are chosen not to collide with any envelope field
 * ({@code ts} is not {@code bt}).
 */
public final class Probe {
  static final byte[] TIME = {'"', 'b', 't', '"', ':'};
  static final byte[] MEASURED = {'"', 'b', 'm', '"', ':'};

  /** Frames without a {@code bt} mark (acks, snapshots, pings). */
  public static final long NONE = Long.MIN_VALUE;

  private Probe() {}

  /** The send time the frame carries, or {@link #NONE}. */
  public static long sendTime(Buffer frame) {
    int at = indexOf(frame, TIME, 0);
    return at < 0 ? NONE : parseLong(frame, at + TIME.length);
  }

  /** Whether the frame's event was published inside the measured window. */
  public static boolean measured(Buffer frame) {
    int at = indexOf(frame, MEASURED, 0);
    return at >= 0 && at + MEASURED.length < frame.length() && frame.getByte(at + 5) == '1';
  }

  /** First index of {@code needle} in {@code frame} at or after {@code from}, or -1. */
  public static int indexOf(Buffer frame, byte[] needle, int from) {
    int last = frame.length() - needle.length;
    outer:
    for (int i = Math.max(0, from); i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (frame.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static long parseLong(Buffer frame, int at) {
    int i = at;
    int n = frame.length();
    while (i < n && frame.getByte(i) == ' ') {
      i++;
    }
    boolean negative = i < n && frame.getByte(i) == '-';
    if (negative) {
      i++;
    }
    long value = 0;
    int digits = 0;
    for (; i < n; i++) {
      byte b = frame.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      digits++;
    }
    if (digits == 0) {
      return NONE;
    }
    return negative ? -value : value;
  }
}

package io.roomcast.bench.client;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Publish-to-deliver latencies in microseconds, recorded wait-free from any event loop. */
public final class Latency {
  /** Up to one minute at three significant digits. */
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

  private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
  private Histogram total = new Histogram(HIGHEST_MICROS, 3);

  public void recordNanos(long nanos) {
    long micros = Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1000));
    recorder.recordValue(micros);
  }

  /** Forgets everything recorded so far (the warm-up). */
  public synchronized void reset() {
    recorder.reset();
    total = new Histogram(HIGHEST_MICROS, 3);
  }

  /** Everything recorded since the last reset. */
  public synchronized Histogram snapshot() {
    total.add(recorder.getIntervalHistogram());
    return total.copy();
  }
}

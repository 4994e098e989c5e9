package io.roomcast.bench.report;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/** Publish-to-deliver latency percentiles in milliseconds. */
public record LatencySummary(
    long count, double p50, double p90, double p99, double p999, double max, double mean) {
  public static LatencySummary of(Histogram microseconds) {
    if (microseconds.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        microseconds.getTotalCount(),
        ms(microseconds.getValueAtPercentile(50)),
        ms(microseconds.getValueAtPercentile(90)),
        ms(microseconds.getValueAtPercentile(99)),
        ms(microseconds.getValueAtPercentile(99.9)),
        ms(microseconds.getMaxValue()),
        microseconds.getMean() / 1000.0);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("count", count)
        .put("p50", p50)
        .put("p90", p90)
        .put("p99", p99)
        .put("p999", p999)
        .put("max", max)
        .put("mean", mean);
  }
}

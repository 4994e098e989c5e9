package io.roomcast.bench.report;

import io.roomcast.bench.servers.CpuTime;
import io.vertx.core.json.JsonObject;

/**
 * One fan-out measurement: a target and transport under a steady publish rate.
 *
 * @param expected deliveries the subscribers should have had: for each open subscriber, the
 *     measured publishes its room accepted
 * @param lost expected deliveries that never arrived (summed per subscriber, never negative)
 * @param seconds the measured window: from the first measured publish until deliveries drained
 * @param cpu server CPU time (all its processes) in that window
 * @param generatorCpu the load generator's own CPU time in that window
 * @param otherCores cores busy with other work on the machine during the window, on average
 */
public record FanoutRow(
    String target,
    String transport,
    int subscribers,
    int connected,
    int rooms,
    double ratePerSecond,
    int payloadBytes,
    double seconds,
    long published,
    long publishFailures,
    long expected,
    long delivered,
    long lost,
    int subscribersShort,
    LatencySummary latency,
    CpuTime cpu,
    CpuTime generatorCpu,
    double otherCores) {

  public String label() {
    return target + " " + transport;
  }

  public double deliveredPerSecond() {
    return seconds == 0 ? 0 : delivered / seconds;
  }

  public double cpuMicrosPerDelivery() {
    return perDelivery(cpu.totalNanos());
  }

  /** Server CPU per accepted publish (a chat message): what one message costs, all its fan-out. */
  public double cpuMicrosPerPublish() {
    return published == 0 ? 0 : cpu.totalNanos() / 1000.0 / published;
  }

  public double userMicrosPerDelivery() {
    return perDelivery(cpu.userNanos());
  }

  public double systemMicrosPerDelivery() {
    return perDelivery(cpu.systemNanos());
  }

  private double perDelivery(long nanos) {
    return delivered == 0 ? 0 : nanos / 1000.0 / delivered;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("label", label())
        .put("target", target)
        .put("transport", transport)
        .put("subscribers", subscribers)
        .put("connected", connected)
        .put("rooms", rooms)
        .put("publishesPerSecond", ratePerSecond)
        .put("payloadBytes", payloadBytes)
        .put("seconds", seconds)
        .put("published", published)
        .put("publishFailures", publishFailures)
        .put("expected", expected)
        .put("delivered", delivered)
        .put("lost", lost)
        .put("subscribersShort", subscribersShort)
        .put("deliveredPerSecond", Math.round(deliveredPerSecond()))
        .put("latencyMs", latency.toJson())
        .put(
            "serverCpu",
            new JsonObject()
                .put("userMs", cpu.userNanos() / 1_000_000)
                .put("systemMs", cpu.systemNanos() / 1_000_000)
                .put("microsPerDelivery", round(cpuMicrosPerDelivery()))
                .put("microsPerPublish", round(cpuMicrosPerPublish()))
                .put("userMicrosPerDelivery", round(userMicrosPerDelivery()))
                .put("systemMicrosPerDelivery", round(systemMicrosPerDelivery())))
        .put("generatorCpuMs", generatorCpu.totalNanos() / 1_000_000)
        .put("otherLoadCores", round(otherCores));
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}

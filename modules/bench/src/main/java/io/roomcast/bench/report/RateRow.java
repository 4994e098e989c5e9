package io.roomcast.bench.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The highest sustained publish rate of one door: every step of the search, and the best rate at
 * which p99 stayed within the bound with nothing lost or refused.
 */
public record RateRow(
    String target, String door, double best, double p99BoundMs, List<Step> steps) {

  /**
   * @param achieved accepted events per second of the step's window
   * @param cpuMicrosPerEvent server CPU per accepted event in the step
   * @param otherCores cores busy with other work on the machine during the step, on average
   */
  public record Step(
      double rate,
      double achieved,
      double p99Ms,
      long lost,
      long failed,
      double cpuMicrosPerEvent,
      double otherCores,
      boolean ok) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("rate", rate)
          .put("achieved", FanoutRow.round(achieved))
          .put("p99Ms", FanoutRow.round(p99Ms))
          .put("lost", lost)
          .put("failed", failed)
          .put("cpuMicrosPerEvent", FanoutRow.round(cpuMicrosPerEvent))
          .put("otherLoadCores", FanoutRow.round(otherCores))
          .put("ok", ok);
    }
  }

  public String label() {
    return target + " " + door;
  }

  /** The passing step at the best rate, if any. */
  public Step bestStep() {
    return steps.stream().filter(s -> s.ok() && s.rate() == best).findFirst().orElse(null);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("label", label())
        .put("target", target)
        .put("door", door)
        .put("bestPerSecond", best)
        .put("p99BoundMs", p99BoundMs)
        .put("steps", new JsonArray(steps.stream().map(Step::toJson).toList()));
  }
}

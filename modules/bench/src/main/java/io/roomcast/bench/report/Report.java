package io.roomcast.bench.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** Writes a run's JSON, PNG and Markdown, timestamped and as the scenario's latest. */
public final class Report {
  public static final String METHOD_CPU =
      "server CPU = utime+stime of every server process (/proc/<pid>/stat), from the start of the"
          + " measured window until deliveries drained, divided by deliveries";
  public static final String METHOD_LATENCY =
      "publisher stamps System.nanoTime() into each payload at send; the same generator JVM"
          + " receives and records now-sent in HdrHistogram (µs, 3 digits); warm-up excluded";
  public static final String METHOD_MEMORY =
      "JVM: jcmd GC.run, then used heap from GC.heap_info plus NMT 'Other' committed (direct and"
          + " unsafe memory; servers run with -XX:NativeMemoryTracking=summary); Node: gc() then"
          + " heapUsed + external; per connection = (with connections − before) / connections";
  public static final String METHOD_LOSS =
      "expected = for each subscriber, measured publishes its room accepted (202); lost = expected"
          + " deliveries that had not arrived 10 s after publishing stopped";

  private Report() {}

  public static JsonObject json(
      String scenario,
      String command,
      JsonObject machine,
      JsonObject settings,
      List<FanoutRow> fanout,
      List<IdleRow> idle,
      Map<String, String> errors,
      Map<String, String> profiles) {
    JsonObject j =
        new JsonObject()
            .put("scenario", scenario)
            .put("command", command)
            .put("finishedAt", java.time.Instant.now().toString())
            .put("machine", machine)
            .put("settings", settings)
            .put(
                "method",
                new JsonObject()
                    .put("cpu", METHOD_CPU)
                    .put("latency", METHOD_LATENCY)
                    .put("memory", METHOD_MEMORY)
                    .put("loss", METHOD_LOSS));
    if (!fanout.isEmpty()) {
      j.put("rows", new JsonArray(fanout.stream().map(FanoutRow::toJson).toList()));
      j.put("ratios", new JsonArray(Table.ratios(fanout)));
    }
    if (!idle.isEmpty()) {
      j.put("idleRows", new JsonArray(idle.stream().map(IdleRow::toJson).toList()));
    }
    if (!errors.isEmpty()) {
      j.put("errors", new JsonObject(Map.copyOf(errors)));
    }
    if (!profiles.isEmpty()) {
      j.put("jfr", new JsonObject(Map.copyOf(profiles)));
    }
    return j;
  }

  /** Writes {@code <stem>.<ext>} and copies it to {@code <scenario>.<ext>}; returns the path. */
  public static Path write(Path dir, String stem, String scenario, String ext, String content)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(stem + "." + ext);
    Files.writeString(file, content);
    Files.copy(file, dir.resolve(scenario + "." + ext), StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  public static Path chart(
      Path dir,
      String stem,
      String scenario,
      String title,
      List<String> subtitles,
      List<BarPanel> panels)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(stem + ".png");
    Chart.write(file, title, subtitles, panels);
    Files.copy(file, dir.resolve(scenario + ".png"), StandardCopyOption.REPLACE_EXISTING);
    return file;
  }
}

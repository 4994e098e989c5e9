package io.roomcast.bench;

import io.roomcast.bench.report.BarPanel;
import io.roomcast.bench.report.Chart;
import io.roomcast.bench.report.FanoutRow;
import io.roomcast.bench.report.Machine;
import io.roomcast.bench.report.RateRow;
import io.roomcast.bench.report.Report;
import io.roomcast.bench.report.Table;
import io.roomcast.bench.run.Generator;
import io.roomcast.bench.servers.Launch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar modules/bench/target/roomcast-bench.jar --scenario fanout}: starts the servers,
 * drives them, stops them, prints the table and writes JSON, PNG and Markdown under {@code
 * modules/bench/target/bench-results/}.
 */
public final class BenchMain {
  private BenchMain() {}

  /** Held so the level sticks: JUL keeps loggers weakly. */
  private static final java.util.logging.Logger VERTX_HTTP =
      java.util.logging.Logger.getLogger("io.vertx.core.http.impl");

  public static void main(String[] args) throws IOException {
    // closing thousands of SSE streams logs one "Connection evicted" warning each
    VERTX_HTTP.setLevel(java.util.logging.Level.SEVERE);
    BenchOptions o;
    try {
      o = BenchOptions.parse(args, defaultRoot());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String stem =
        o.scenario().id()
            + "-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    List<String> jvm = new ArrayList<>(Launch.DEFAULT_JVM_OPTIONS);
    jvm.addAll(o.serverJvmOptions());
    Launch launch =
        new Launch(
            o.root(),
            benchJar(o.root()),
            o.roomcastJar(),
            o.out().resolve("logs-" + stem),
            jvm,
            o.roomcastTransport());
    JsonObject machine = Machine.describe();
    log("machine: " + Machine.oneLine(machine));
    Bench bench;
    try (Generator generator = Generator.start(o.loops(), o.subscribers() + 64)) {
      bench = new Bench(o, launch, generator, BenchMain::log);
      bench.run();
    }
    String command = "java -jar modules/bench/target/roomcast-bench.jar " + String.join(" ", args);
    JsonObject report =
        Report.json(
            o.scenario().id(),
            command,
            machine,
            settings(o),
            bench.fanoutRows(),
            bench.idleRows(),
            bench.errors(),
            bench.profiles());
    if (o.repeat() > 1) {
      report.put("runs", runsJson(bench));
    }
    if (!bench.rateRows().isEmpty()) {
      report.put("rates", new JsonArray(bench.rateRows().stream().map(RateRow::toJson).toList()));
    }
    Path json = Report.write(o.out(), stem, o.scenario().id(), "json", report.encodePrettily());
    String markdown = markdown(o, machine, command, bench);
    Path md = Report.write(o.out(), stem, o.scenario().id(), "md", markdown);
    Path png = null;
    try {
      List<BarPanel> panels =
          bench.fanoutRows().isEmpty()
              ? Chart.idle(bench.idleRows())
              : Chart.fanout(bench.fanoutRows());
      if (!bench.rateRows().isEmpty()) {
        panels = List.of();
      }
      png =
          Report.chart(
              o.out(),
              stem,
              o.scenario().id(),
              "roomcast bench: " + o.scenario().id(),
              List.of(describe(o), Machine.oneLine(machine)),
              panels);
    } catch (IOException | RuntimeException | Error e) {
      log("chart not written: " + e);
    }
    System.out.println();
    System.out.println(markdown);
    bench.profiles().forEach((row, summary) -> System.out.println("JFR " + row + ":\n" + summary));
    System.out.println("results: " + json + "\n         " + png + "\n         " + md);
    System.exit(bench.errors().isEmpty() ? 0 : 1);
  }

  static String describe(BenchOptions o) {
    if (o.scenario() == BenchOptions.Scenario.IDLE) {
      return o.subscribers()
          + " idle connections over "
          + o.rooms()
          + " rooms, held "
          + o.holdSeconds()
          + " s";
    }
    if (o.scenario() == BenchOptions.Scenario.HOOKS) {
      return "one node: user.offline after the last connection closes (grace 5 s, 20 users),"
          + " then 20,000 message webhooks to a receiver answering 204 at once";
    }
    if (o.scenario() == BenchOptions.Scenario.PUBLISH) {
      return String.format(
          Locale.ROOT,
          "highest rate with p99 ≤ %.0f ms and nothing lost, %d subscribers over %d rooms,"
              + " %d-byte payloads, steps of %d s from %.0f/s",
          io.roomcast.bench.run.PublishRun.P99_BOUND_MS,
          o.subscribers(),
          o.rooms(),
          o.payloadBytes(),
          o.durationSeconds(),
          o.rate());
    }
    if (o.scenario().chat()) {
      return String.format(
          Locale.ROOT,
          "%d clients in %d rooms sending %.0f messages/s of %d bytes over their own sockets, %d s%s",
          o.subscribers(),
          o.rooms(),
          o.rate(),
          o.payloadBytes(),
          o.durationSeconds(),
          o.scenario().clustered() ? ", " + o.nodes() + " nodes" : "");
    }
    return String.format(
        Locale.ROOT,
        "%d subscribers over %d room(s), %.0f publishes/s of %d-byte payloads, %d s%s",
        o.subscribers(),
        o.rooms(),
        o.rate(),
        o.payloadBytes(),
        o.durationSeconds(),
        o.scenario().clustered() ? ", " + o.nodes() + " nodes" : "");
  }

  private static String markdown(BenchOptions o, JsonObject machine, String command, Bench bench) {
    StringBuilder b = new StringBuilder();
    b.append("**").append(o.scenario().id()).append("**: ").append(describe(o)).append("  \n");
    b.append("Machine: ").append(Machine.oneLine(machine)).append("  \n");
    b.append("Command: `").append(command.trim()).append("`\n\n");
    if (!bench.fanoutRows().isEmpty() && o.scenario().chat()) {
      b.append(Table.chat(bench.fanoutRows(), true)).append('\n');
    } else if (!bench.fanoutRows().isEmpty()) {
      b.append(Table.fanout(bench.fanoutRows(), true)).append('\n');
      for (String r : Table.ratios(bench.fanoutRows())) {
        b.append("- ").append(r).append('\n');
      }
    }
    if (!bench.rateRows().isEmpty()) {
      b.append(Table.rates(bench.rateRows(), true)).append('\n');
    }
    if (!bench.fanoutRows().isEmpty()) {
      if (o.repeat() > 1) {
        b.append("\nEach row is the median of ")
            .append(o.repeat())
            .append(" runs by CPU/delivery:\n");
        bench.fanoutRuns().forEach((label, runs) -> b.append("- ").append(runsLine(label, runs)));
      }
    }
    if (!bench.idleRows().isEmpty()) {
      b.append(Table.idle(bench.idleRows(), true));
    }
    bench
        .errors()
        .forEach((k, v) -> b.append("- **").append(k).append(" failed**: ").append(v).append('\n'));
    return b.toString();
  }

  /** One row's runs: CPU/delivery, p99 and losses of each, in run order. */
  private static String runsLine(String label, List<FanoutRow> runs) {
    StringBuilder cpu = new StringBuilder();
    StringBuilder p99 = new StringBuilder();
    StringBuilder lost = new StringBuilder();
    for (FanoutRow r : runs) {
      String sep = cpu.isEmpty() ? "" : ", ";
      cpu.append(sep).append(String.format(Locale.ROOT, "%.2f", r.cpuMicrosPerDelivery()));
      p99.append(sep).append(String.format(Locale.ROOT, "%.2f", r.latency().p99()));
      lost.append(sep).append(r.lost());
    }
    return label + ": " + cpu + " µs/delivery; p99 " + p99 + " ms; lost " + lost + "\n";
  }

  /** Every run of each row (the report's rows are the medians). */
  private static JsonObject runsJson(Bench bench) {
    JsonObject runs = new JsonObject();
    bench
        .fanoutRuns()
        .forEach(
            (label, rows) ->
                runs.put(label, new JsonArray(rows.stream().map(FanoutRow::toJson).toList())));
    return runs;
  }

  private static JsonObject settings(BenchOptions o) {
    return new JsonObject()
        .put("targets", o.targets())
        .put("transports", o.transports())
        .put("subscribers", o.subscribers())
        .put("rooms", o.rooms())
        .put("publishesPerSecond", o.rate())
        .put("payloadBytes", o.payloadBytes())
        .put("warmupSeconds", o.warmupSeconds())
        .put("settleRounds", o.settleRounds())
        .put("durationSeconds", o.durationSeconds())
        .put("holdSeconds", o.holdSeconds())
        .put("repeat", o.repeat())
        .put("generatorLoops", o.loops())
        .put("nodes", o.scenario().clustered() ? o.nodes() : 1)
        .put("serverJvmOptions", o.serverJvmOptions())
        .put("roomcastTransport", o.roomcastTransport());
  }

  static synchronized void log(String line) {
    System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
  }

  /** The repository root: three levels above the jar (modules/bench/target), else the cwd. */
  static Path defaultRoot() {
    try {
      Path code =
          Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = code.getParent().getParent().getParent().getParent();
      if (root != null && Files.isDirectory(root.resolve("modules/bench"))) {
        return root;
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through
    }
    return Path.of("").toAbsolutePath();
  }

  static Path benchJar(Path root) {
    try {
      Path code =
          Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (code.toString().endsWith(".jar")) {
        return code;
      }
    } catch (URISyntaxException e) {
      // fall through
    }
    return root.resolve("modules/bench/target/roomcast-bench.jar");
  }
}

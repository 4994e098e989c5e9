package io.roomcast.bench;

import io.roomcast.bench.client.ChatWire;
import io.roomcast.bench.client.Clients;
import io.roomcast.bench.client.FloorWs;
import io.roomcast.bench.client.RoomcastSse;
import io.roomcast.bench.client.RoomcastWs;
import io.roomcast.bench.client.SockJsRaw;
import io.roomcast.bench.client.SocketIoWs;
import io.roomcast.bench.client.Transport;
import io.roomcast.bench.report.FanoutRow;
import io.roomcast.bench.report.IdleRow;
import io.roomcast.bench.report.JfrHotSpots;
import io.roomcast.bench.report.JfrSubsystems;
import io.roomcast.bench.report.RateRow;
import io.roomcast.bench.run.Chat;
import io.roomcast.bench.run.FanoutRun;
import io.roomcast.bench.run.Generator;
import io.roomcast.bench.run.HooksRun;
import io.roomcast.bench.run.IdleClusterRun;
import io.roomcast.bench.run.IdleRun;
import io.roomcast.bench.run.Workload;
import io.roomcast.bench.servers.FloorTarget;
import io.roomcast.bench.servers.JvmProbe;
import io.roomcast.bench.servers.Launch;
import io.roomcast.bench.servers.RoomcastTarget;
import io.roomcast.bench.servers.SocketIoTarget;
import io.roomcast.bench.servers.Target;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one scenario against every requested target, one target at a time (each started fresh and
 * always stopped), and collects the rows. A target that fails is reported and skipped.
 */
final class Bench {
  private final BenchOptions options;
  private final Launch launch;
  private final Generator generator;
  private final Workload work;
  private final Consumer<String> log;
  private final List<FanoutRow> fanout = new ArrayList<>();
  private final List<IdleRow> idle = new ArrayList<>();
  private final List<RateRow> rates = new ArrayList<>();
  private final Map<String, String> errors = new LinkedHashMap<>();
  private final Map<String, String> profiles = new LinkedHashMap<>();
  private int rowCount;

  Bench(BenchOptions options, Launch launch, Generator generator, Consumer<String> log) {
    this.options = options;
    this.launch = launch;
    this.generator = generator;
    this.log = log;
    this.work =
        new Workload(
            options.subscribers(),
            options.rooms(),
            options.rate(),
            options.payloadBytes(),
            options.warmupSeconds(),
            options.settleRounds(),
            options.durationSeconds(),
            options.holdSeconds(),
            "r0");
  }

  /** Every target, {@code --repeat} times over (a fresh start of each target every round). */
  void run() {
    for (int round = 1; round <= options.repeat(); round++) {
      if (options.repeat() > 1) {
        log.accept("round " + round + " of " + options.repeat());
      }
      runTargets();
    }
  }

  private void runTargets() {
    BenchOptions.Scenario scenario = options.scenario();
    if (scenario == BenchOptions.Scenario.IDLECLUSTER) {
      new IdleClusterRun(launch, options, log).run();
      return;
    }
    if (scenario == BenchOptions.Scenario.HOOKS) {
      new HooksRun(launch, options, log).run();
      return;
    }
    if (scenario == BenchOptions.Scenario.CLUSTER) {
      withTarget("roomcast", () -> RoomcastTarget.start(launch, options.nodes()));
      return;
    }
    int nodes = scenario == BenchOptions.Scenario.CHATCLUSTER ? options.nodes() : 1;
    for (String t : options.targets()) {
      switch (t) {
        case "floor" -> {
          if (scenario.chat() || scenario == BenchOptions.Scenario.PUBLISH) {
            log.accept("floor skipped: it has no chat relay or publish doors");
          } else {
            withTarget(t, () -> FloorTarget.start(launch));
          }
        }
        case "socketio", "socket.io" -> withTarget(t, () -> SocketIoTarget.start(launch, nodes));
        case "roomcast" -> withTarget(t, () -> RoomcastTarget.start(launch, nodes, nodeConfig()));
        default -> errors.put(t, "unknown target (floor, socketio, roomcast)");
      }
    }
  }

  /**
   * The publish scenario measures the server, not the per-connection publish limit, so its nodes
   * let one connection publish without a rate limit; other scenarios run the shipped defaults.
   */
  private JsonObject nodeConfig() {
    if (options.scenario() != BenchOptions.Scenario.PUBLISH) {
      return new JsonObject();
    }
    return new JsonObject()
        .put(
            "limits",
            new JsonObject().put("publishPerSecond", 1_000_000).put("publishBurst", 1_000_000));
  }

  private interface Starter {
    Target start();
  }

  /**
   * Runs the target's rows. Idle memory is growth over the server's own baseline, and a row
   * measured after another would count what that row's connections left behind (presence being
   * swept, pooled buffers), so every idle row gets a server of its own.
   */
  private void withTarget(String name, Starter starter) {
    boolean serverPerRow = options.scenario() == BenchOptions.Scenario.IDLE;
    for (int row = 0; ; row++) {
      log.accept("starting " + name);
      try (Target target = starter.start()) {
        if (options.scenario() == BenchOptions.Scenario.PUBLISH) {
          publishRows(target);
          return;
        }
        List<Transport> all = transports(target);
        List<Transport> now = serverPerRow && row < all.size() ? all.subList(row, row + 1) : all;
        for (Transport transport : now) {
          try {
            measure(target, transport);
          } catch (RuntimeException e) {
            log.accept(target.name() + " " + transport.name() + " failed: " + e.getMessage());
            errors.put(target.name() + " " + transport.name(), String.valueOf(e.getMessage()));
          }
        }
        if (!serverPerRow || row + 1 >= all.size()) {
          return;
        }
      } catch (RuntimeException e) {
        log.accept(name + " failed: " + e.getMessage());
        errors.put(name, String.valueOf(e.getMessage()));
        return;
      }
    }
  }

  private List<Transport> transports(Target target) {
    Clients clients = generator.clients();
    if (target instanceof RoomcastTarget rc) {
      List<Transport> list = new ArrayList<>();
      for (String t : options.transports()) {
        switch (t) {
          case "ws" -> list.add(new RoomcastWs(clients, rc.jwtSecret()));
          case "sse" -> {
            if (options.scenario().chat()) {
              errors.put("roomcast sse", "SSE cannot send: chat runs on ws and sockjs");
            } else {
              list.add(new RoomcastSse(clients, rc.jwtSecret()));
            }
          }
          case "sockjs" ->
              list.add(new SockJsRaw(clients, rc.jwtSecret(), options.scenario().chat()));
          default -> errors.put("roomcast " + t, "unknown transport (ws, sse, sockjs)");
        }
      }
      return list;
    }
    if (target instanceof SocketIoTarget) {
      return List.of(new SocketIoWs(clients));
    }
    return List.of(new FloorWs(clients));
  }

  private void measure(Target target, Transport transport) {
    Workload work = this.work.forRow(++rowCount);
    if (options.scenario() == BenchOptions.Scenario.IDLE) {
      IdleRow row = new IdleRun(generator, work, log).run(target, transport);
      log.accept(row.label() + ": " + Math.round(row.bytesPerConnection()) + " B/connection");
      idle.add(row);
      return;
    }
    Runnable start = () -> {};
    Runnable end = () -> {};
    if (options.jfr() && target instanceof RoomcastTarget rc) {
      JvmProbe probe = rc.profiled();
      Path file =
          options.out().resolve(options.scenario().id() + "-roomcast-" + transport.name() + ".jfr");
      start = probe::startRecording;
      end =
          () -> {
            probe.stopRecording(file);
            try {
              profiles.put(
                  target.name() + " " + transport.name(),
                  JfrHotSpots.summarise(file, 25) + JfrSubsystems.summarise(file, 0));
            } catch (IOException e) {
              profiles.put(target.name() + " " + transport.name(), "unreadable: " + e.getMessage());
            }
          };
    }
    FanoutRun run =
        options.scenario().chat()
            ? new FanoutRun(
                generator,
                work,
                log,
                Chat.senders(generator, work, ChatWire.of(transport)),
                Chat.ports(work.rooms()))
            : new FanoutRun(generator, work, log);
    FanoutRow row = run.run(target, transport, start, end);
    log.accept(
        String.format(
            java.util.Locale.ROOT,
            "%s: %d/%d delivered, p99 %.2f ms, %.2f µs CPU/delivery",
            row.label(),
            row.delivered(),
            row.expected(),
            row.latency().p99(),
            row.cpuMicrosPerDelivery()));
    fanout.add(row);
  }

  /** The publish scenario: each door's highest sustained rate. */
  private void publishRows(Target target) {
    new PublishScenario(options, generator, log, rates, errors)
        .run(target, work.forRow(++rowCount));
  }

  List<RateRow> rateRows() {
    return rates;
  }

  /** Each row's median run by CPU per delivery (the run itself when run once), in run order. */
  List<FanoutRow> fanoutRows() {
    List<FanoutRow> medians = new ArrayList<>();
    for (List<FanoutRow> runs : fanoutRuns().values()) {
      List<FanoutRow> sorted =
          runs.stream()
              .sorted(Comparator.comparingDouble(FanoutRow::cpuMicrosPerDelivery))
              .toList();
      medians.add(sorted.get((sorted.size() - 1) / 2));
    }
    return medians;
  }

  /** Every run of each row, by label, in run order. */
  Map<String, List<FanoutRow>> fanoutRuns() {
    Map<String, List<FanoutRow>> runs = new LinkedHashMap<>();
    for (FanoutRow row : fanout) {
      runs.computeIfAbsent(row.label(), l -> new ArrayList<>()).add(row);
    }
    return runs;
  }

  List<IdleRow> idleRows() {
    return idle;
  }

  Map<String, String> errors() {
    return errors;
  }

  Map<String, String> profiles() {
    return profiles;
  }

  Workload workload() {
    return work;
  }
}

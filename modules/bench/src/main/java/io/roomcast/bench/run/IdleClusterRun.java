package io.roomcast.bench.run;

import io.roomcast.bench.BenchOptions;
import io.roomcast.bench.servers.CpuTime;
import io.roomcast.bench.servers.Launch;
import io.roomcast.bench.servers.RoomcastTarget;
import io.roomcast.bench.servers.ServerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A roomcast cluster with no client at all: what each node's background work costs, as CPU time
 * from {@code /proc} over the hold, after a warm-up that lets start-up (JIT, partition assignment)
 * pass. Writes {@code idlecluster.json} to the output directory.
 */
public final class IdleClusterRun {
  private final Launch launch;
  private final BenchOptions options;
  private final Consumer<String> log;

  public IdleClusterRun(Launch launch, BenchOptions options, Consumer<String> log) {
    this.launch = launch;
    this.options = options;
    this.log = log;
  }

  public void run() {
    log.accept("starting roomcast x" + options.nodes() + " (no clients)");
    try (RoomcastTarget target = RoomcastTarget.start(launch, options.nodes())) {
      log.accept("warming up " + options.warmupSeconds() + " s");
      sleep(options.warmupSeconds() * 1000L);
      List<ServerProcess> nodes = target.processes();
      List<CpuTime> before = nodes.stream().map(ServerProcess::cpu).toList();
      long start = System.nanoTime();
      sleep(options.holdSeconds() * 1000L);
      double held = (System.nanoTime() - start) / 1e9;
      JsonArray rows = new JsonArray();
      double total = 0;
      for (int i = 0; i < nodes.size(); i++) {
        CpuTime used = nodes.get(i).cpu().minus(before.get(i));
        double core = 100.0 * used.totalNanos() / 1e9 / held;
        total += core;
        log.accept(
            String.format(
                Locale.ROOT,
                "node %d: %.2f%% of a core (user %d ms, system %d ms over %.1f s)",
                i,
                core,
                used.userNanos() / 1_000_000,
                used.systemNanos() / 1_000_000,
                held));
        rows.add(
            new JsonObject()
                .put("node", i)
                .put("percentOfCore", core)
                .put("userMs", used.userNanos() / 1_000_000)
                .put("systemMs", used.systemNanos() / 1_000_000));
      }
      log.accept(String.format(Locale.ROOT, "cluster: %.2f%% of a core in all", total));
      write(
          new JsonObject().put("nodes", rows).put("holdSeconds", held).put("percentOfCore", total));
    }
  }

  private void write(JsonObject result) {
    Path file = options.out().resolve("idlecluster.json");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, result.encodePrettily());
    } catch (IOException e) {
      log.accept("cannot write " + file + ": " + e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

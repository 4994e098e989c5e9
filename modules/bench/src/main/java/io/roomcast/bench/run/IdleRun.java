package io.roomcast.bench.run;

import io.roomcast.bench.client.Latency;
import io.roomcast.bench.client.Subscriber;
import io.roomcast.bench.client.Transport;
import io.roomcast.bench.client.Transport.Connection;
import io.roomcast.bench.report.IdleRow;
import io.roomcast.bench.servers.CpuTime;
import io.roomcast.bench.servers.MemorySample;
import io.roomcast.bench.servers.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Idle connections: retained memory (after a full GC) before and with {@code N} subscribed
 * connections open, held for the hold time with the protocols' own keepalives running; the hold's
 * CPU is measured after the warm-up, with every connection already open.
 */
public final class IdleRun {
  private static final int CONNECTS_IN_FLIGHT = 256;

  private final Generator generator;
  private final Workload work;
  private final Consumer<String> log;

  public IdleRun(Generator generator, Workload work, Consumer<String> log) {
    this.generator = generator;
    this.work = work;
    this.log = log;
  }

  public IdleRow run(Target target, Transport transport) {
    String label = target.name() + " " + transport.name();
    MemorySample before = target.memory();
    Latency unused = new Latency();
    List<Integer> ports = target.edgePorts();
    List<String> rooms = work.roomIds();
    List<Subscriber> subs = new ArrayList<>();
    for (int i = 0; i < work.subscribers(); i++) {
      subs.add(new Subscriber(i, rooms.get(work.roomOf(i)), ports.get(i % ports.size()), unused));
    }
    log.accept(label + ": opening " + subs.size() + " idle connections");
    List<Connection> connections =
        Connector.openAll(generator, transport, subs, CONNECTS_IN_FLIGHT);
    if (connections.isEmpty()) {
      throw new IllegalStateException(
          "no connection could open: "
              + subs.stream()
                  .map(Subscriber::failure)
                  .filter(f -> f != null)
                  .findFirst()
                  .orElse("?"));
    }
    try {
      // the hold measures idle connections, not the compiler still working on the connects
      log.accept(
          label
              + ": "
              + connections.size()
              + " open; waiting "
              + work.warmupSeconds()
              + " s, then holding "
              + work.holdSeconds()
              + " s");
      sleep(work.warmupSeconds() * 1000L);
      CpuTime cpuBefore = target.cpu();
      long start = System.nanoTime();
      sleep(work.holdSeconds() * 1000L);
      double held = (System.nanoTime() - start) / 1e9;
      CpuTime cpu = target.cpu().minus(cpuBefore);
      int alive = (int) subs.stream().filter(Subscriber::isOpen).count();
      MemorySample growth = target.memory().minus(before);
      return new IdleRow(
          target.name(),
          transport.name(),
          subs.size(),
          connections.size(),
          alive,
          held,
          before,
          growth,
          cpu);
    } finally {
      Connector.closeAll(generator, connections);
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

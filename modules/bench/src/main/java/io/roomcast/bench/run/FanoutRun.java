package io.roomcast.bench.run;

import io.roomcast.bench.client.Latency;
import io.roomcast.bench.client.Publisher;
import io.roomcast.bench.client.Source;
import io.roomcast.bench.client.Subscriber;
import io.roomcast.bench.client.Transport;
import io.roomcast.bench.client.Transport.Connection;
import io.roomcast.bench.report.FanoutRow;
import io.roomcast.bench.report.LatencySummary;
import io.roomcast.bench.servers.CpuTime;
import io.roomcast.bench.servers.MachineLoad;
import io.roomcast.bench.servers.MachineLoad.Snapshot;
import io.roomcast.bench.servers.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One fan-out row: connect, warm up until every subscriber receives, then publish for the measured
 * window, let deliveries drain, and count. Hooks around the window (JFR) come from the caller.
 */
public final class FanoutRun {
  private static final int CONNECTS_IN_FLIGHT = 200;
  private static final long DRAIN_MILLIS = 10_000;
  private static final int MAX_EXTRA_WARMUPS = 10;
  private static final long SETTLE_ROUND_MILLIS = 5_000;
  private static final double SETTLED_CHANGE = 0.05;
  private static final long QUIET_WAIT_MILLIS = 60_000;
  private static final double QUIET_CORES = 0.3;

  private final Generator generator;
  private final Workload work;
  private final Consumer<String> log;
  private final SourceFactory sources;
  private final PortPlan ports;

  /** Makes a run's event source once its subscribers are connected. */
  public interface SourceFactory {
    Source create(Target target, List<Subscriber> subscribers, Connection[] bySubscriber);
  }

  /** Which port subscriber {@code i} connects to. */
  public interface PortPlan {
    int port(Target target, int subscriber);
  }

  /** Fan-out: HTTP publishes on the target's publish door, subscribers over its edges in turn. */
  public FanoutRun(Generator generator, Workload work, Consumer<String> log) {
    this(generator, work, log, null, null);
  }

  public FanoutRun(
      Generator generator,
      Workload work,
      Consumer<String> log,
      SourceFactory sources,
      PortPlan ports) {
    this.generator = generator;
    this.work = work;
    this.log = log;
    this.sources = sources != null ? sources : this::httpPublisher;
    this.ports = ports != null ? ports : (t, i) -> t.edgePorts().get(i % t.edgePorts().size());
  }

  private Source httpPublisher(Target target, List<Subscriber> subs, Connection[] bySubscriber) {
    return new Publisher(
        generator.vertx(),
        generator.publisherLoop(),
        target.publish(),
        work.roomIds(),
        work.ratePerSecond(),
        work.payloadBytes());
  }

  public FanoutRow run(
      Target target, Transport transport, Runnable windowStart, Runnable windowEnd) {
    String label = target.name() + " " + transport.name();
    Latency latency = new Latency();
    List<Subscriber> subs = subscribers(target, latency);
    log.accept(label + ": connecting " + subs.size() + " subscribers");
    Connection[] bySubscriber = new Connection[subs.size()];
    List<Connection> connections =
        Connector.openAll(generator, transport, subs, CONNECTS_IN_FLIGHT, bySubscriber);
    log.accept(label + ": " + connections.size() + " subscribed" + firstFailure(subs));
    if (connections.isEmpty()) {
      throw new IllegalStateException("no subscriber could connect" + firstFailure(subs));
    }
    Source publisher = sources.create(target, subs, bySubscriber);
    try {
      warmUp(publisher, subs, label);
      settle(target, publisher, label);
      awaitQuiet(target, label);
      latency.reset();
      windowStart.run();
      Snapshot before = Snapshot.take(target.processes());
      publisher.run(work.durationSeconds() * 1000L, true).await();
      long expected = drain(publisher, subs);
      Snapshot after = Snapshot.take(target.processes());
      windowEnd.run();
      Window window =
          new Window(
              (after.wallNanos() - before.wallNanos()) / 1e9,
              after.servers().minus(before.servers()),
              after.generator().minus(before.generator()),
              after.otherCoresSince(before));
      // a subscriber the server dropped (a slow-consumer close, say) is not charged with losses:
      // it was told, and would resume from history; the row shows how many were still there
      int stillConnected =
          (int) subs.stream().filter(s -> s.isOpen() && s.failure() == null).count();
      if (stillConnected < connections.size()) {
        log.accept(
            label
                + ": "
                + (connections.size() - stillConnected)
                + " subscribers dropped"
                + firstFailure(subs));
      }
      return row(target, transport, subs, stillConnected, publisher, expected, window, latency);
    } finally {
      Connector.closeAll(generator, connections);
      publisher.close();
    }
  }

  /** What the measured window took: wall time, and CPU by whom. */
  private record Window(double seconds, CpuTime server, CpuTime generator, double otherCores) {}

  /**
   * Waits (up to a minute) for other work on the machine to calm down: on a shared two-core box a
   * build running beside the window would show up as latency that is not the server's.
   */
  private void awaitQuiet(Target target, String label) {
    long deadline = System.currentTimeMillis() + QUIET_WAIT_MILLIS;
    double other = MachineLoad.otherCores(target.processes(), 1000);
    while (other > QUIET_CORES && System.currentTimeMillis() < deadline) {
      log.accept(
          String.format(
              java.util.Locale.ROOT,
              "%s: machine busy with other work (%.2f cores); waiting",
              label,
              other));
      pause(2000);
      other = MachineLoad.otherCores(target.processes(), 1000);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<Subscriber> subscribers(Target target, Latency latency) {
    List<String> rooms = work.roomIds();
    List<Subscriber> subs = new ArrayList<>(work.subscribers());
    for (int i = 0; i < work.subscribers(); i++) {
      subs.add(new Subscriber(i, rooms.get(work.roomOf(i)), ports.port(target, i), latency));
    }
    return subs;
  }

  /** Publishes unmeasured events until every open subscriber has received one. */
  private void warmUp(Source publisher, List<Subscriber> subs, String label) {
    publisher.run(work.warmupSeconds() * 1000L, false).await();
    for (int round = 0; round < MAX_EXTRA_WARMUPS && silent(subs) > 0; round++) {
      log.accept(label + ": " + silent(subs) + " subscribers silent so far; warming up 1 s more");
      publisher.run(1000, false).await();
    }
    if (publisher.failed() > 0) {
      log.accept(label + ": " + publisher.failed() + " publishes failed: " + publisher.lastError());
    }
  }

  /**
   * Keeps publishing (unmeasured) in rounds of {@value #SETTLE_ROUND_MILLIS} ms, at most {@code
   * settleRounds} of them, until the servers' CPU time per round stops falling by more than {@value
   * #SETTLED_CHANGE} of itself: a fixed warm-up can end while a JVM is still compiling (three of
   * them on two cores take longer than one), and the first row measured would carry that. Every
   * target gets the same rule.
   */
  private void settle(Target target, Source publisher, String label) {
    long previous = -1;
    for (int round = 1; round <= work.settleRounds(); round++) {
      Snapshot before = Snapshot.take(target.processes());
      publisher.run(SETTLE_ROUND_MILLIS, false).await();
      long cpu = Snapshot.take(target.processes()).servers().minus(before.servers()).totalNanos();
      if (previous > 0 && cpu > previous * (1 - SETTLED_CHANGE)) {
        log.accept(label + ": server CPU settled after " + round + " rounds");
        return;
      }
      previous = cpu;
    }
    if (work.settleRounds() > 0) {
      log.accept(label + ": server CPU still falling after " + work.settleRounds() + " rounds");
    }
  }

  private static long silent(List<Subscriber> subs) {
    return subs.stream().filter(s -> s.isOpen() && s.warm() == 0).count();
  }

  /** Waits until each subscriber has its room's measured publishes; returns the total expected. */
  private long drain(Source publisher, List<Subscriber> subs) {
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    while (true) {
      long expected = 0;
      long delivered = 0;
      for (Subscriber s : subs) {
        if (s.failure() == null) {
          expected += publisher.accepted(work.roomOf(s.index()));
          delivered += Math.min(s.measured(), publisher.accepted(work.roomOf(s.index())));
        }
      }
      if (delivered >= expected || System.currentTimeMillis() > deadline) {
        return expected;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return expected;
      }
    }
  }

  private FanoutRow row(
      Target target,
      Transport transport,
      List<Subscriber> subs,
      int connected,
      Source publisher,
      long expected,
      Window window,
      Latency latency) {
    long delivered = 0;
    long lost = 0;
    int shortCount = 0;
    for (Subscriber s : subs) {
      if (s.failure() != null) {
        continue;
      }
      long want = publisher.accepted(work.roomOf(s.index()));
      delivered += s.measured();
      if (s.measured() < want) {
        lost += want - s.measured();
        shortCount++;
      }
    }
    return new FanoutRow(
        target.name(),
        transport.name(),
        subs.size(),
        connected,
        work.rooms(),
        work.ratePerSecond(),
        work.payloadBytes(),
        window.seconds(),
        publisher.acceptedTotal(),
        publisher.failed(),
        expected,
        delivered,
        lost,
        shortCount,
        LatencySummary.of(latency.snapshot()),
        window.server(),
        window.generator(),
        window.otherCores());
  }

  private static String firstFailure(List<Subscriber> subs) {
    return subs.stream()
        .filter(s -> s.failure() != null)
        .findFirst()
        .map(s -> " (failures, e.g. #" + s.index() + ": " + s.failure() + ")")
        .orElse("");
  }
}

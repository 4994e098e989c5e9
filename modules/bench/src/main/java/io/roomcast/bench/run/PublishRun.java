package io.roomcast.bench.run;

import io.roomcast.bench.client.Latency;
import io.roomcast.bench.client.Source;
import io.roomcast.bench.client.Subscriber;
import io.roomcast.bench.client.Transport;
import io.roomcast.bench.client.Transport.Connection;
import io.roomcast.bench.report.LatencySummary;
import io.roomcast.bench.report.RateRow;
import io.roomcast.bench.servers.CpuTime;
import io.roomcast.bench.servers.MachineLoad.Snapshot;
import io.roomcast.bench.servers.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The highest sustained publish rate of one door: subscribers connect once, a warm-up runs at the
 * start rate, then {@link RateSearch} steps the rate, each step a short measured window followed by
 * a drain. A step passes when p99 (publish to receive) is at most {@value #P99_BOUND_MS} ms,
 * nothing was lost or refused, and the source kept up with the rate asked for.
 */
public final class PublishRun {
  public static final double P99_BOUND_MS = 50;
  private static final int CONNECTS_IN_FLIGHT = 200;
  private static final long DRAIN_MILLIS = 5_000;
  private static final double KEPT_UP = 0.95;
  private static final int MAX_STEPS = 14;
  private static final double CEILING = 2_000_000;
  private static final long SETTLE_ROUND_MILLIS = 5_000;

  /** Makes a step's source at {@code rate}, given the connected subscribers. */
  public interface Door {
    Source source(double rate, List<Subscriber> subs, Connection[] bySubscriber);
  }

  private final Generator generator;
  private final Workload work;
  private final Consumer<String> log;

  public PublishRun(Generator generator, Workload work, Consumer<String> log) {
    this.generator = generator;
    this.work = work;
    this.log = log;
  }

  public RateRow run(Target target, Transport subscribers, String doorName, Door door) {
    String label = target.name() + " " + doorName;
    Latency latency = new Latency();
    List<Subscriber> subs = new ArrayList<>();
    List<String> rooms = work.roomIds();
    for (int i = 0; i < work.subscribers(); i++) {
      int port = target.edgePorts().get(i % target.edgePorts().size());
      subs.add(new Subscriber(i, rooms.get(work.roomOf(i)), port, latency));
    }
    Connection[] bySubscriber = new Connection[subs.size()];
    List<Connection> connections =
        Connector.openAll(generator, subscribers, subs, CONNECTS_IN_FLIGHT, bySubscriber);
    if (connections.size() < subs.size()) {
      Connector.closeAll(generator, connections);
      throw new IllegalStateException(
          (subs.size() - connections.size()) + " subscribers could not connect");
    }
    try {
      Source warm = door.source(work.ratePerSecond(), subs, bySubscriber);
      warm.run(work.warmupSeconds() * 1000L, false).await();
      settle(target, warm, label);
      warm.close();
      RateSearch search = new RateSearch(work.ratePerSecond(), CEILING, 1.1, MAX_STEPS);
      List<RateRow.Step> steps = new ArrayList<>();
      while (!search.done()) {
        RateRow.Step step = step(target, door, search.next(), subs, bySubscriber, latency);
        log.accept(
            String.format(
                Locale.ROOT,
                "%s: %.0f/s asked, %.0f/s accepted, p99 %.2f ms, lost %d, refused %d, %.2f µs"
                    + " CPU/event, other load %.2f cores: %s",
                label,
                step.rate(),
                step.achieved(),
                step.p99Ms(),
                step.lost(),
                step.failed(),
                step.cpuMicrosPerEvent(),
                step.otherCores(),
                step.ok() ? "pass" : "fail"));
        steps.add(step);
        search.record(step.ok());
      }
      return new RateRow(target.name(), doorName, search.best(), P99_BOUND_MS, steps);
    } finally {
      Connector.closeAll(generator, connections);
    }
  }

  private RateRow.Step step(
      Target target,
      Door door,
      double rate,
      List<Subscriber> subs,
      Connection[] bySubscriber,
      Latency latency) {
    Source source = door.source(rate, subs, bySubscriber);
    long[] before = new long[subs.size()];
    for (int i = 0; i < subs.size(); i++) {
      before[i] = subs.get(i).measured();
    }
    latency.reset();
    Snapshot start = Snapshot.take(target.processes());
    source.run(work.durationSeconds() * 1000L, true).await();
    long lost = drain(source, subs, before);
    Snapshot end = Snapshot.take(target.processes());
    CpuTime cpu = end.servers().minus(start.servers());
    source.close();
    double p99 = LatencySummary.of(latency.snapshot()).p99();
    long accepted = source.acceptedTotal();
    double achieved = accepted / (double) work.durationSeconds();
    boolean ok =
        lost == 0
            && source.failed() == 0
            && accepted > 0
            && p99 <= P99_BOUND_MS
            && achieved >= rate * KEPT_UP;
    double cpuPerEvent = accepted == 0 ? 0 : cpu.totalNanos() / 1000.0 / accepted;
    if (source.failed() > 0) {
      log.accept("refused: " + source.lastError());
    }
    return new RateRow.Step(
        rate, achieved, p99, lost, source.failed(), cpuPerEvent, end.otherCoresSince(start), ok);
  }

  /**
   * Keeps warming up in rounds of {@value #SETTLE_ROUND_MILLIS} ms (at most {@code settleRounds})
   * until the server's CPU per round stops falling by over 5%: a JVM still compiling fails the
   * first steps, and halving from there would search the compiler's speed, not the server's.
   */
  private void settle(Target target, Source warm, String label) {
    long previous = -1;
    for (int round = 1; round <= work.settleRounds(); round++) {
      CpuTime before = target.cpu();
      warm.run(SETTLE_ROUND_MILLIS, false).await();
      long cpu = target.cpu().minus(before).totalNanos();
      if (previous > 0 && cpu > previous * 0.95) {
        log.accept(label + ": server CPU settled after " + round + " rounds");
        return;
      }
      previous = cpu;
    }
  }

  /** Waits for every subscriber's share of the step; returns the deliveries still missing. */
  private long drain(Source source, List<Subscriber> subs, long[] before) {
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    while (true) {
      long missing = 0;
      for (int i = 0; i < subs.size(); i++) {
        Subscriber s = subs.get(i);
        long got = s.measured() - before[i];
        missing += Math.max(0, source.accepted(work.roomOf(s.index())) - got);
      }
      if (missing == 0 || System.currentTimeMillis() > deadline) {
        return missing;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return missing;
      }
    }
  }
}

package io.roomcast.bench.run;

import io.roomcast.bench.client.Latency;
import io.roomcast.bench.client.Publisher;
import io.roomcast.bench.client.Subscriber;
import io.roomcast.bench.client.Transport;
import io.roomcast.bench.client.Transport.Connection;
import io.roomcast.bench.report.FanoutRow;
import io.roomcast.bench.report.LatencySummary;
import io.roomcast.bench.servers.CpuTime;
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

  private final Generator generator;
  private final Workload work;
  private final Consumer<String> log;

  public FanoutRun(Generator generator, Workload work, Consumer<String> log) {
    this.generator = generator;
    this.work = work;
    this.log = log;
  }

  public FanoutRow run(
      Target target, Transport transport, Runnable windowStart, Runnable windowEnd) {
    String label = target.name() + " " + transport.name();
    Latency latency = new Latency();
    List<Subscriber> subs = subscribers(target, latency);
    log.accept(label + ": connecting " + subs.size() + " subscribers");
    List<Connection> connections =
        Connector.openAll(generator, transport, subs, CONNECTS_IN_FLIGHT);
    log.accept(label + ": " + connections.size() + " subscribed" + firstFailure(subs));
    Publisher publisher =
        new Publisher(
            generator.vertx(),
            generator.publisherLoop(),
            target.publish(),
            work.roomIds(),
            work.ratePerSecond(),
            work.payloadBytes());
    try {
      warmUp(publisher, subs, label);
      latency.reset();
      windowStart.run();
      CpuTime before = target.cpu();
      long start = System.nanoTime();
      publisher.run(work.durationSeconds() * 1000L, true).await();
      double seconds = (System.nanoTime() - start) / 1e9;
      long expected = drain(publisher, subs);
      CpuTime cpu = target.cpu().minus(before);
      windowEnd.run();
      return row(
          target, transport, subs, connections.size(), publisher, expected, seconds, latency, cpu);
    } finally {
      Connector.closeAll(generator, connections);
      publisher.close();
    }
  }

  private List<Subscriber> subscribers(Target target, Latency latency) {
    List<Integer> ports = target.edgePorts();
    List<String> rooms = work.roomIds();
    List<Subscriber> subs = new ArrayList<>(work.subscribers());
    for (int i = 0; i < work.subscribers(); i++) {
      subs.add(new Subscriber(i, rooms.get(work.roomOf(i)), ports.get(i % ports.size()), latency));
    }
    return subs;
  }

  /** Publishes unmeasured events until every open subscriber has received one. */
  private void warmUp(Publisher publisher, List<Subscriber> subs, String label) {
    publisher.run(work.warmupSeconds() * 1000L, false).await();
    for (int round = 0; round < MAX_EXTRA_WARMUPS && silent(subs) > 0; round++) {
      log.accept(label + ": " + silent(subs) + " subscribers silent so far; warming up 1 s more");
      publisher.run(1000, false).await();
    }
    if (publisher.failed() > 0) {
      log.accept(label + ": " + publisher.failed() + " publishes failed: " + publisher.lastError());
    }
  }

  private static long silent(List<Subscriber> subs) {
    return subs.stream().filter(s -> s.isOpen() && s.warm() == 0).count();
  }

  /** Waits until each subscriber has its room's measured publishes; returns the total expected. */
  private long drain(Publisher publisher, List<Subscriber> subs) {
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
      Publisher publisher,
      long expected,
      double seconds,
      Latency latency,
      CpuTime cpu) {
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
        seconds,
        publisher.acceptedTotal(),
        publisher.failed(),
        expected,
        delivered,
        lost,
        shortCount,
        LatencySummary.of(latency.snapshot()),
        cpu);
  }

  private static String firstFailure(List<Subscriber> subs) {
    return subs.stream()
        .filter(s -> s.failure() != null)
        .findFirst()
        .map(s -> " (failures, e.g. #" + s.index() + ": " + s.failure() + ")")
        .orElse("");
  }
}

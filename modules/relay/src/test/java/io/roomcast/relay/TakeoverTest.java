package io.roomcast.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.relay.RelayStatus;
import io.roomcast.testing.Await;
import io.roomcast.testing.RedisProcess;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The active relay runs in a child process that is killed with SIGKILL; two standbys run in this
 * JVM. Subscribers are plain bus consumers on the standby nodes.
 */
class TakeoverTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private RedisProcess redis;
  private TestCluster cluster;
  private RelayProcess active;
  private List<Vertx> standbys;
  private Vertx outside;
  private TestRedis service;

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
    cluster = new TestCluster();
    outside = Vertx.vertx();
    service = new TestRedis(outside, redis.url());
  }

  /** The child starts alone, so it wins the election; the standbys join afterwards. */
  private void relays(String mode) {
    active = RelayProcess.start(cluster.name(), redis.url(), mode);
    standbys = List.of(cluster.member(), cluster.member());
    for (Vertx node : standbys) {
      Relays.deploy(node, Relays.config(cluster.name(), redis.url(), mode));
    }
    RelayStatus status = Relays.awaitConnected(standbys.get(0));
    assertEquals(active.nodeId(), status.node(), "the child process relays");
  }

  @AfterEach
  void stop() {
    if (active != null) {
      active.close();
    }
    service.close();
    Await.result(outside.close());
    cluster.close();
    redis.close();
  }

  @Test
  void a_standby_takes_over_within_ten_seconds_of_the_active_relays_process_being_killed() {
    relays("pubsub");
    active.kill();
    long killedAt = System.nanoTime();
    RelayStatus next =
        Relays.awaitStatus(
            standbys.get(0),
            WAIT,
            "a standby relaying",
            s -> s.connected() && !s.node().equals(active.nodeId()));
    long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.printf("relay takeover: %d ms from SIGKILL to a connected standby%n", takeoverMs);
    assertTrue(takeoverMs < 10_000, "took " + takeoverMs + " ms");

    try (BusWatch watch = new BusWatch(Addresses.room("after-takeover"), standbys)) {
      Await.until(
          WAIT,
          "a probe on both nodes",
          () -> {
            service.publish(Channels.room("after-takeover"), new JsonObject().put("type", "probe"));
            return watch.count(0, BusWatch.type("probe")) > 0
                && watch.count(1, BusWatch.type("probe")) > 0;
          });
      for (int n = 0; n < 20; n++) {
        long receivers =
            service.publish(
                Channels.room("after-takeover"),
                new JsonObject().put("type", "message").put("data", new JsonObject().put("n", n)));
        assertEquals(1, receivers, "exactly one relay subscribed");
      }
      watch.awaitEach(20, WAIT, BusWatch.type("message"));
      service.publish(Channels.room("after-takeover"), new JsonObject().put("type", "end"));
      watch.awaitEach(1, WAIT, BusWatch.type("end"));
      for (int node = 0; node < 2; node++) {
        assertEquals(20, watch.count(node, BusWatch.type("message")), "once on node " + node);
      }
      assertEquals(next.node(), Relays.awaitConnected(standbys.get(1)).node());
    }
  }

  @Test
  void in_streams_mode_no_entry_is_lost_or_duplicated_when_the_active_relays_process_is_killed()
      throws Exception {
    relays("streams");
    int total = 400;
    try (BusWatch watch = new BusWatch(Addresses.room("durable"), standbys)) {
      Await.until(
          WAIT,
          "a probe entry on both nodes",
          () -> {
            service.xadd(Channels.STREAM_IN, "durable", new JsonObject().put("type", "probe"));
            return watch.count(0, BusWatch.type("probe")) > 0
                && watch.count(1, BusWatch.type("probe")) > 0;
          });

      AtomicInteger added = new AtomicInteger();
      Thread producer =
          new Thread(
              () -> {
                for (int n = 0; n < total; n++) {
                  service.xadd(
                      Channels.STREAM_IN,
                      "durable",
                      new JsonObject()
                          .put("type", "message")
                          .put("data", new JsonObject().put("n", n)));
                  added.incrementAndGet();
                  pause();
                }
              });
      producer.start();
      Await.until(
          WAIT, "some entries relayed", () -> watch.count(0, BusWatch.type("message")) > 50);
      active.kill();
      int addedAtKill = added.get();
      producer.join();
      assertTrue(addedAtKill < total, "entries kept coming after the kill");

      watch.awaitEach(total, WAIT, BusWatch.type("message"));
      service.xadd(Channels.STREAM_IN, "durable", new JsonObject().put("type", "end"));
      watch.awaitEach(1, WAIT, BusWatch.type("end"));
      Map<Object, Set<String>> events = watch.idsBy(0, "n");
      assertEquals(total, events.size(), "every entry on node 0");
      List<Object> twice =
          events.entrySet().stream()
              .filter(e -> e.getValue().size() > 1)
              .map(Map.Entry::getKey)
              .toList();
      assertEquals(List.of(), twice, "entries published as two different events");
      assertEquals(events, watch.idsBy(1, "n"), "the same events on node 1");
      for (int node = 0; node < 2; node++) {
        assertEquals(List.of(), watch.differingRepeats(node), "repeats on node " + node);
      }
      assertEquals(total, storedOnce(), "every entry once in the room's history");
      System.out.printf(
          "streams takeover: %d entries, kill after %d, each one event on both nodes"
              + " (%d exact repeats on the bus)%n",
          total, addedAtKill, watch.on(0).size() - distinctIds(watch.on(0)));
    }
  }

  private static long distinctIds(List<BusWatch.Received> received) {
    return received.stream().map(r -> r.body().getString("id")).distinct().count();
  }

  /** How many entries the room's history holds, failing if one is there twice. */
  private long storedOnce() {
    HistoryPage page = Await.result(Relays.history(standbys.get(0)).read("durable", 0, 1000));
    Map<Object, Long> perEntry =
        page.events().stream()
            .filter(e -> e.data().containsKey("n"))
            .collect(Collectors.groupingBy(e -> e.data().getValue("n"), Collectors.counting()));
    assertTrue(perEntry.values().stream().allMatch(c -> c == 1), "an entry stored twice");
    return perEntry.size();
  }

  /** Paces the producer (not a wait for a condition). */
  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.roomcast.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.relay.RelayStatus;
import io.roomcast.testing.Await;
import io.roomcast.testing.RedisProcess;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis is killed (SIGKILL) and restarted on the same port while events flow both ways. */
class RedisOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private RedisProcess redis;
  private TestCluster cluster;
  private List<Vertx> nodes;
  private Vertx outside;
  private TestRedis service;

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
    cluster = new TestCluster();
    nodes = List.of(cluster.member(), cluster.member());
    for (Vertx node : nodes) {
      Relays.deploy(node, Relays.config(cluster.name(), redis.url(), "pubsub"));
    }
    Relays.awaitConnected(nodes.get(0));
    outside = Vertx.vertx();
    service = new TestRedis(outside, redis.url());
  }

  @AfterEach
  void stop() {
    service.close();
    Await.result(outside.close());
    cluster.close();
    redis.close();
  }

  @Test
  void the_relay_reports_the_outage_reconnects_and_resubscribes_without_duplicates()
      throws Exception {
    RoomcastClient client = Relays.client(nodes.get(1));
    try (BusWatch inbound = new BusWatch(Addresses.room("flow-in"), nodes);
        BusWatch local = new BusWatch(Addresses.room("flow-out"), nodes)) {
      Await.until(
          WAIT,
          "a probe on both nodes",
          () -> {
            service.publish(Channels.room("flow-in"), new JsonObject().put("type", "probe"));
            return inbound.count(0, BusWatch.type("probe")) > 0
                && inbound.count(1, BusWatch.type("probe")) > 0;
          });

      // traffic both ways, each on its own thread so a stalled Redis call never slows the
      // cluster's own events: a service publishing into Redis, and events published in here.
      // The service reconnects the way a real one does: after a failed call it drops its client
      // (and whatever state the client's pool is in) and opens a new one.
      Set<Integer> accepted = ConcurrentHashMap.newKeySet();
      AtomicInteger sent = new AtomicInteger();
      AtomicInteger own = new AtomicInteger();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<String> lastOutcome = new AtomicReference<>("none yet");
      Thread traffic =
          new Thread(
              () -> {
                TestRedis publisher = new TestRedis(outside, redis.url());
                while (running.get()) {
                  int n = sent.getAndIncrement();
                  try {
                    long receivers = publisher.publish(Channels.room("flow-in"), message(n));
                    lastOutcome.set("event " + n + " reached " + receivers + " subscribers");
                    if (receivers > 0) {
                      accepted.add(n); // the relay's subscriber got it
                    }
                  } catch (Throwable redisDown) {
                    // expected while Redis is away; the failure is rethrown as is, whatever it
                    // is (the client's failures may be bare Throwables)
                    lastOutcome.set("event " + n + " failed: " + redisDown);
                    publisher.closeQuietly();
                    publisher = new TestRedis(outside, redis.url());
                  }
                  pause();
                }
                publisher.closeQuietly();
              });
      Thread clusterTraffic =
          new Thread(
              () -> {
                while (running.get()) {
                  int n = own.getAndIncrement();
                  client.publish(new EventDraft("flow-out", "message", data(n), null, null));
                  pause();
                }
              });
      traffic.start();
      clusterTraffic.start();
      Await.until(WAIT, "traffic flowing", () -> accepted.size() >= 50);
      Set<Integer> beforeKill = Set.copyOf(accepted);
      Await.until(WAIT, "accepted events delivered", () -> deliveredOnAll(inbound, beforeKill));

      redis.kill();
      long killedAt = System.nanoTime();
      RelayStatus down =
          Relays.awaitStatus(nodes.get(0), WAIT, "relay reports down", s -> !s.connected());
      long downAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
      assertEquals(RelayStatus.DOWN, down.state());
      assertNotNull(down.lastError());

      // the cluster keeps delivering its own events while Redis is away
      long deliveredAtDown = local.count(1, BusWatch.type("message"));
      Await.until(
          WAIT,
          "local delivery during the outage",
          () -> local.count(1, BusWatch.type("message")) > deliveredAtDown + 50);
      // and the relay keeps trying, backing off
      Relays.awaitStatus(nodes.get(0), WAIT, "4 reconnect attempts", s -> s.reconnects() >= 4);

      redis.restart();
      long restartedAt = System.nanoTime();
      RelayStatus up = Relays.awaitConnected(nodes.get(0));
      long upAfterMs = (System.nanoTime() - restartedAt) / 1_000_000;
      assertTrue(up.reconnects() > 0);
      System.out.printf(
          "redis outage: relay reported down %d ms after the kill, connected %d ms after the"
              + " restart, %d reconnect attempts, %d events dropped outbound%n",
          downAfterMs, upAfterMs, up.reconnects(), up.dropped());

      // after the reconnect: inbound resumes (resubscribed) and outbound mirrors again; the
      // service's own client lost its connections in the outage too, so it starts afresh
      service.closeQuietly();
      service = new TestRedis(outside, redis.url());
      int resumedFrom = sent.get();
      Await.until(
          WAIT,
          "inbound accepted again",
          () -> accepted.stream().anyMatch(n -> n > resumedFrom),
          () -> "last publish: " + lastOutcome.get());
      try (TestRedis.Listener mirror = service.listen(Channels.room("flow-out"))) {
        Await.until(WAIT, "outbound mirrored again", () -> mirror.messages().size() >= 20);
        running.set(false);
        traffic.join();
        clusterTraffic.join();
        assertNoDuplicates(mirror.messages());
      }
      service.publish(Channels.room("flow-in"), new JsonObject().put("type", "end"));
      inbound.awaitEach(1, WAIT, BusWatch.type("end"));
      // pub/sub is at most once: what Redis had queued for the relay when it died may be lost,
      // but everything before the kill and after the reconnect arrives, and nothing twice
      for (int node = 0; node < nodes.size(); node++) {
        Map<Object, Integer> tally = inbound.tally(node, "n");
        for (int n : accepted) {
          if (beforeKill.contains(n) || n > resumedFrom) {
            assertEquals(1, tally.getOrDefault(n, 0), "event " + n + " on node " + node);
          }
        }
        assertTrue(tally.values().stream().allMatch(c -> c == 1), "duplicates on " + node);
      }
    }
  }

  private static boolean deliveredOnAll(BusWatch watch, Set<Integer> events) {
    for (int node = 0; node < watch.nodes(); node++) {
      if (!watch.tally(node, "n").keySet().containsAll(events)) {
        return false;
      }
    }
    return true;
  }

  private static void assertNoDuplicates(List<JsonObject> mirrored) {
    Set<String> ids = new HashSet<>();
    for (JsonObject m : mirrored) {
      assertTrue(ids.add(m.getString("id")), "mirrored twice: " + m);
    }
  }

  private static JsonObject message(int n) {
    return new JsonObject().put("type", "message").put("data", data(n));
  }

  private static JsonObject data(int n) {
    return new JsonObject().put("n", n);
  }

  /** Paces the traffic thread (not a wait for a condition). */
  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

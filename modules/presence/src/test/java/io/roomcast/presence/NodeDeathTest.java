package io.roomcast.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.event.Envelope;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestCluster;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real clustered members in one JVM, both running presence. Member B holds connections and then
 * dies (its Hazelcast member is terminated, as on a crash) or shuts down gracefully; member A must
 * announce what changed, once.
 */
class NodeDeathTest {
  private static final String ROOM = "lobby";

  private TestCluster cluster;
  private Vertx a;
  private Vertx b;

  @BeforeEach
  void start() {
    cluster = new TestCluster();
    a = cluster.member();
    b = Await.result(Clusters.start(TestConfig.cluster(cluster.name()), new VertxOptions()), 60);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      b.close().await(10, TimeUnit.SECONDS);
    } catch (Exception dead) {
      // a terminated member may not close cleanly; its Hazelcast side is gone either way
    }
    cluster.close();
  }

  private PresenceVerticle[] deploy(Clock clock, int graceSeconds, int sweepMillis) {
    JsonObject presence =
        new JsonObject().put("offlineGraceSeconds", graceSeconds).put("sweepMillis", sweepMillis);
    return new PresenceVerticle[] {
      Presence.deploy(a, cluster.name(), clock, presence),
      Presence.deploy(b, cluster.name(), clock, presence)
    };
  }

  private void kill(Vertx member) {
    Clusters.manager(member).getHazelcastInstance().getLifecycleService().terminate();
  }

  @Test
  void when_a_member_dies_its_users_go_offline_once_announced_by_a_survivor() {
    MutableClock clock = new MutableClock();
    PresenceVerticle onA = deploy(clock, 0, 60_000)[0];
    Presence viaA = new Presence(a, Clusters.nodeId(a));
    Presence viaB = new Presence(b, Clusters.nodeId(b)); // commands cross the wire both ways
    try (Recorder events = Recorder.room(a, ROOM)) {
      viaB.join(ROOM, "bob", "c-b1");
      viaB.join(ROOM, "carol", "c-b2");
      viaA.join(ROOM, "carol", "c-a1"); // carol has a tab on the survivor too
      viaA.join(ROOM, "alice", "c-a2");
      events.take(6); // join and online of bob, carol and alice, from either publisher

      long killed = System.nanoTime();
      kill(b);
      List<Envelope> seen = events.until(e -> e.type().equals("leave"));
      long announced = System.nanoTime();
      assertEquals(
          List.of("presence.offline", "leave"), seen.stream().map(Envelope::type).toList());
      assertTrue(seen.stream().allMatch(e -> e.user().equals("bob")), seen.toString());
      System.out.printf(
          "node death: offline announced %d ms after the kill (grace 0)%n",
          (announced - killed) / 1_000_000);

      // repeat what could announce bob twice: the departure sweep and a TTL sweep
      assertEquals(List.of(), Presence.typesIn(ROOM, Await.result(onA.nodeLeft(viaB.node))));
      clock.advance(Duration.ofSeconds(46));
      viaA.heartbeat();
      assertEquals(List.of(), Presence.typesIn(ROOM, Await.result(onA.tick())));

      // a later event from the same publisher: whatever came before it has been delivered
      viaA.join(ROOM, "zed", "c-z");
      List<Envelope> rest = events.until(e -> e.type().equals("presence.online"));
      assertTrue(rest.stream().allMatch(e -> e.user().equals("zed")), rest.toString());
    }
    JsonObject snapshot = viaA.snapshot(ROOM);
    assertEquals(3, snapshot.getJsonArray("users").size()); // alice, carol, zed
  }

  @Test
  void a_dead_members_users_are_announced_offline_within_ten_seconds_with_default_timings() {
    deploy(Clock.systemUTC(), 5, 1000);
    new Presence(b, Clusters.nodeId(b)).join(ROOM, "bob", "c-b1");
    try (Recorder events = Recorder.room(a, ROOM)) {
      long killed = System.nanoTime();
      kill(b);
      Envelope offline = events.next(15);
      long ms = (System.nanoTime() - killed) / 1_000_000;
      assertEquals("presence.offline", offline.type());
      assertEquals("bob", offline.user());
      System.out.printf("node death: offline announced %d ms after the kill (grace 5 s)%n", ms);
      assertTrue(ms < 10_000, "took " + ms + " ms");
    }
  }

  @Test
  void a_graceful_shutdown_does_not_flap_users_who_reconnect_elsewhere_within_the_grace() {
    MutableClock clock = new MutableClock();
    PresenceVerticle onA = deploy(clock, 5, 60_000)[0];
    Presence viaA = new Presence(a, Clusters.nodeId(a));
    Presence viaB = new Presence(b, Clusters.nodeId(b));
    viaB.join(ROOM, "bob", "c-b1");
    viaB.join(ROOM, "dave", "c-b2");

    try (Recorder events = Recorder.room(a, ROOM)) {
      viaB.leave(ROOM, "bob", "c-b1"); // the edge says goodbye to bob's connection
      Await.result(b.close(), 30); // dave's connection goes with the node
      Await.result(onA.nodeLeft(viaB.node));
      clock.advance(Duration.ofSeconds(2));
      assertEquals(List.of(), viaA.join(ROOM, "bob", "c-a1")); // both reconnect to A
      assertEquals(List.of(), viaA.join(ROOM, "dave", "c-a2"));
      clock.advance(Duration.ofSeconds(10));
      assertEquals(List.of(), Presence.typesIn(ROOM, Await.result(onA.tick())));

      viaA.join(ROOM, "zed", "c-z");
      List<Envelope> seen =
          events.until(e -> e.type().equals("presence.online") && "zed".equals(e.user()));
      // the first joins' own events may reach the recorder late; a flap would be an offline, or
      // an event of the connections that came back
      assertTrue(
          seen.stream()
              .noneMatch(
                  e ->
                      e.type().equals("presence.offline")
                          || List.of("c-a1", "c-a2").contains(e.connection())),
          seen.toString());
    }
    JsonObject snapshot = viaA.snapshot(ROOM);
    assertEquals(3, snapshot.getJsonArray("users").size());
  }
}

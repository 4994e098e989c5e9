package io.roomcast.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.presence.PresenceCommand;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestCluster;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlines are kept by the presence node that applied the change setting them. Here member B alone
 * runs presence while a deadline is set, then A joins, and B dies before the deadline: A, the
 * survivor, must adopt it and end it on time.
 */
class DeadlineAdoptionTest {
  private static final String ROOM = "adopted";

  private final MutableClock clock = new MutableClock();
  private TestCluster cluster;
  private Vertx a;
  private Vertx b;

  @BeforeEach
  void start() {
    cluster = new TestCluster();
    a = cluster.member();
    b = Await.result(Clusters.start(TestConfig.cluster(cluster.name()), new VertxOptions()), 60);
    PresenceCommand.registerCodecs(a); // A sends before it runs presence itself
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

  private static JsonObject timings() {
    return new JsonObject()
        .put("typingSeconds", 6)
        .put("offlineGraceSeconds", 5)
        .put("sweepMillis", 60_000); // sweeps only when the test asks
  }

  /** B dies; A has run its departure work (the membership event may come later, a repeat). */
  private PresenceVerticle bDiesAndASurvives(PresenceVerticle onA) {
    String nodeB = Clusters.nodeId(b);
    Clusters.manager(b).getHazelcastInstance().getLifecycleService().terminate();
    Await.result(onA.nodeLeft(nodeB));
    return onA;
  }

  @Test
  void typing_set_through_a_presence_node_that_died_still_stops_when_its_ttl_passes() {
    Presence.deploy(b, cluster.name(), clock, timings());
    Presence viaB = new Presence(b, Clusters.nodeId(b));
    Presence viaA = new Presence(a, Clusters.nodeId(a));
    viaA.join(ROOM, "alice", "c-a1"); // alice's connection lives on A, which survives
    assertEquals(List.of("typing.start"), viaB.typing(ROOM, "alice", true));
    PresenceVerticle onA = bDiesAndASurvives(Presence.deploy(a, cluster.name(), clock, timings()));

    clock.advance(Duration.ofMillis(5_999));
    assertEquals(List.of(), Presence.typesIn(ROOM, Await.result(onA.tick())));
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of("typing.stop"), Presence.typesIn(ROOM, Await.result(onA.tick())));
  }

  @Test
  void a_grace_period_started_on_a_presence_node_that_died_still_ends_with_offline() {
    Presence.deploy(b, cluster.name(), clock, timings());
    Presence viaA = new Presence(a, Clusters.nodeId(a));
    viaA.join(ROOM, "bob", "c-a2");
    assertEquals(List.of(), viaA.leave(ROOM, "bob", "c-a2")); // only B runs presence yet
    PresenceVerticle onA = bDiesAndASurvives(Presence.deploy(a, cluster.name(), clock, timings()));

    clock.advance(Duration.ofMillis(4_999));
    assertEquals(List.of(), Presence.typesIn(ROOM, Await.result(onA.tick())));
    clock.advance(Duration.ofMillis(1));
    assertEquals(
        List.of("presence.offline", "leave"), Presence.typesIn(ROOM, Await.result(onA.tick())));
  }
}

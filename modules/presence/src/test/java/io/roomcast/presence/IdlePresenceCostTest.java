package io.roomcast.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What idle connections cost the store: liveness is one lease per node, so an idle window with many
 * connections runs no operation on the connection and room maps, however many connections there
 * are.
 */
class IdlePresenceCostTest {
  private static final int CONNECTIONS = 200;
  private static final MutableClock clock = new MutableClock();
  private static TestCluster cluster;
  private static Vertx vertx;
  private static PresenceVerticle verticle;
  private static Presence presence;
  private static HazelcastInstance hz;

  @BeforeAll
  static void start() {
    cluster = new TestCluster();
    vertx = cluster.member();
    verticle =
        Presence.deploy(
            vertx,
            cluster.name(),
            clock,
            new JsonObject()
                .put("ttlSeconds", 45)
                .put("heartbeatSeconds", 15)
                .put("sweepMillis", 60_000)); // sweeps only when the test asks
    presence = new Presence(vertx, Clusters.nodeId(vertx));
    hz = Clusters.manager(vertx).getHazelcastInstance();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** Every operation the map counts: reads, writes, removes, entry processors, queries. */
  private static long operations(String map) {
    LocalMapStats s = hz.getMap(map).getLocalMapStats();
    return s.getGetOperationCount()
        + s.getPutOperationCount()
        + s.getSetOperationCount()
        + s.getRemoveOperationCount()
        + s.getOtherOperationCount()
        + s.getEventOperationCount()
        + s.getQueryCount()
        + s.getIndexedQueryCount();
  }

  private static Map<String, Long> operations() {
    return Map.of(
        PresenceMaps.CONNECTIONS,
        operations(PresenceMaps.CONNECTIONS),
        PresenceMaps.ROOMS,
        operations(PresenceMaps.ROOMS));
  }

  @Test
  void heartbeats_and_sweeps_over_idle_connections_touch_neither_connections_nor_rooms() {
    String[] ids = new String[CONNECTIONS];
    for (int i = 0; i < CONNECTIONS; i++) {
      ids[i] = "c-idle-" + i;
      presence.join("idle-" + (i % 50), "user-" + i, ids[i]);
    }
    Map<String, Long> before = operations();
    for (int period = 0; period < 4; period++) {
      clock.advance(Duration.ofSeconds(15));
      presence.heartbeat();
      assertEquals(List.of(), Await.result(verticle.tick()));
    }
    assertEquals(before, operations());
    assertEquals(CONNECTIONS, hz.getMap(PresenceMaps.CONNECTIONS).size());
  }
}

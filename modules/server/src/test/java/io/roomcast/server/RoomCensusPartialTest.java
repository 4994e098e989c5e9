package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The room census asks every member: one without an edge is no gap, one whose edge does not answer
 * in time is left out and the answer says {@code partial}.
 */
class RoomCensusPartialTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static String cluster;
  private static TestNode node;
  private static Vertx bare;

  @BeforeAll
  static void start() {
    cluster = TestConfig.clusterName();
    node = TestNode.start(cluster);
    bare = Clusters.start(TestConfig.cluster(cluster), new VertxOptions()).await();
  }

  @AfterAll
  static void stop() {
    Await.result(bare.close(), 60);
    node.close();
  }

  @Test
  void a_member_without_an_edge_is_no_gap_but_a_silent_edge_makes_the_list_partial() {
    try (WsClient ws =
        WsClient.connect(
            node.vertx(), node.node.edgePort(), node.token("census", List.of("*"), List.of()))) {
      ws.next("welcome", WAIT);
      JsonObject subscribe =
          new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add("census-r"));
      assertEquals("ack", ws.call(subscribe, WAIT).getString("op"));
      Await.until(WAIT, "both members in the cluster", () -> members() == 2);

      JsonObject whole = node.get("/api/rooms?prefix=census-").bodyAsJsonObject();
      assertFalse(whole.containsKey("partial"), whole.encode());
      assertEquals(1, whole.getJsonArray("rooms").size());

      // an edge that never answers
      Await.result(
          bare.eventBus()
              .consumer(Addresses.nodeRooms(Clusters.nodeId(bare)), msg -> {})
              .completion());
      JsonObject partial = node.get("/api/rooms?prefix=census-").bodyAsJsonObject();
      assertTrue(partial.getBoolean("partial", false), partial.encode());
      assertEquals(1, partial.getJsonArray("rooms").getJsonObject(0).getInteger("subscribers"));
      JsonObject info = node.get("/api/rooms/census-r").bodyAsJsonObject();
      assertTrue(info.getBoolean("partial", false), info.encode());
    }
  }

  private static int members() {
    return Clusters.manager(node.vertx()).getNodes().size();
  }
}

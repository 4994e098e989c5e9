package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roomcast.testing.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch is stored one operation per history partition; every event it acknowledges is in history
 * in batch order, and still there after a member holding primaries is killed.
 */
class BatchAppendFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int ROOMS = 150;
  private static final List<TestNode> nodes = new ArrayList<>();

  @BeforeAll
  static void start() {
    nodes.addAll(TestNode.cluster(2));
  }

  @AfterAll
  static void stop() {
    TestNode.closeAll(nodes);
  }

  private static JsonArray batch(TestNode node, int round) {
    JsonArray events = new JsonArray();
    for (int i = 0; i < 1000; i++) {
      events.add(
          new JsonObject()
              .put("room", "ba-" + (i % ROOMS))
              .put("type", "message")
              .put("data", new JsonObject().put("round", round).put("i", i)));
    }
    HttpResponse<Buffer> r =
        node.post("/api/publish", new JsonObject().put("events", events).encode());
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("results");
  }

  @Test
  void every_acknowledged_event_of_a_batch_survives_a_member_kill_in_batch_order() {
    Map<String, List<String>> idsOfRoom = new HashMap<>();
    for (int round = 0; round < 3; round++) {
      JsonArray results = batch(nodes.get(round % 2), round);
      for (int i = 0; i < results.size(); i++) {
        JsonObject r = results.getJsonObject(i);
        assertNull(r.getValue("error"), r.encode());
        List<String> ids = idsOfRoom.computeIfAbsent("ba-" + (i % ROOMS), k -> new ArrayList<>());
        ids.add(r.getString("id"));
        assertEquals(ids.size(), r.getLong("seq"), "seq of event " + i + " in round " + round);
      }
    }
    Await.until(
        WAIT,
        "partitions replicated",
        () -> nodes.get(0).hazelcast().getPartitionService().isClusterSafe());
    TestNode victim = nodes.get(1);
    TestNode survivor = nodes.get(0);
    victim.hazelcast().getLifecycleService().terminate();
    Await.until(
        WAIT,
        "the survivor sees the member gone",
        () -> survivor.hazelcast().getCluster().getMembers().size() == 1);
    for (var room : idsOfRoom.entrySet()) {
      JsonArray events =
          survivor
              .get("/api/rooms/" + room.getKey() + "/history?limit=100")
              .bodyAsJsonObject()
              .getJsonArray("events");
      List<String> stored = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        stored.add(events.getJsonObject(i).getString("id"));
      }
      assertEquals(room.getValue(), stored, room.getKey());
    }
    nodes.remove(victim);
    try {
      victim.close();
    } catch (RuntimeException | AssertionError e) {
      // its Hazelcast is gone; closing Vert.x may fail
    }
  }
}

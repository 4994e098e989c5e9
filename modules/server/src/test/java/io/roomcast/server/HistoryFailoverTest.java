package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.hazelcast.cluster.Member;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded history keeps a synchronous backup on another member: killing the member that owns a
 * room's history partition (its Hazelcast instance terminated, no goodbye) loses no event.
 */
class HistoryFailoverTest {
  private static final Logger LOG = Logger.getLogger(HistoryFailoverTest.class.getName());
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<TestNode> nodes = new ArrayList<>();

  @BeforeAll
  static void start() {
    nodes.addAll(TestNode.cluster(3));
  }

  @AfterAll
  static void stop() {
    TestNode.closeAll(nodes);
  }

  @Test
  void resume_returns_every_event_after_the_member_owning_the_history_is_killed() {
    String room = "f-room";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      ids.add(nodes.get(i % 3).publish(room, new JsonObject().put("n", i)).getString("id"));
    }
    String epoch =
        nodes
            .get(0)
            .get("/api/rooms/" + room + "/history?limit=1")
            .bodyAsJsonObject()
            .getString("epoch");

    // Hazelcast keeps one backup once partitions have settled after the joins: a member killed
    // while a fresh member is still being given its replicas can take data with it
    Await.until(
        WAIT,
        "partitions replicated",
        () -> nodes.get(0).hazelcast().getPartitionService().isClusterSafe());
    Member owner = nodes.get(0).hazelcast().getPartitionService().getPartition(room).getOwner();
    UUID ownerId = owner.getUuid();
    TestNode victim =
        nodes.stream()
            .filter(n -> n.hazelcast().getCluster().getLocalMember().getUuid().equals(ownerId))
            .findFirst()
            .orElseThrow();
    TestNode survivor = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();
    long killed = System.nanoTime();
    victim.hazelcast().getLifecycleService().terminate();
    Await.until(
        WAIT,
        "the survivors see the member gone",
        () -> survivor.hazelcast().getCluster().getMembers().size() == 2);

    JsonObject page = survivor.get("/api/rooms/" + room + "/history?limit=100").bodyAsJsonObject();
    long readMs = (System.nanoTime() - killed) / 1_000_000;
    LOG.info(() -> "history readable on a survivor " + readMs + " ms after the owner was killed");
    JsonArray events = page.getJsonArray("events");
    assertEquals(ids.size(), events.size(), page.encode());
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(ids.get(i), events.getJsonObject(i).getString("id"));
      assertEquals(i + 1, events.getJsonObject(i).getLong("seq"));
    }
    assertEquals(epoch, page.getString("epoch"), "continuity is kept: same epoch");
    Await.until(
        WAIT,
        "partitions settled",
        () -> survivor.hazelcast().getPartitionService().isClusterSafe());

    String token = survivor.token("dave", List.of(room), List.of());
    try (SseClient sse =
        SseClient.open(
            survivor.vertx(),
            survivor.node.edgePort(),
            "/rooms/" + room + "/events?token=" + token + "&epoch=" + epoch,
            "0")) {
      for (int i = 0; i < ids.size(); i++) {
        SseClient.Event e = nextMessage(sse);
        assertEquals(Long.toString(i + 1), e.id());
        assertEquals(ids.get(i), e.json().getString("id"));
      }
      JsonObject next = survivor.publish(room, new JsonObject());
      assertEquals(ids.size() + 1, next.getLong("seq"));
      SseClient.Event live = nextMessage(sse);
      assertNotNull(live.id());
      assertEquals(Long.toString(ids.size() + 1), live.id());
    }
    nodes.remove(victim);
    try {
      victim.close();
    } catch (RuntimeException | AssertionError e) {
      // its Hazelcast is gone; closing Vert.x may fail
    }
  }

  private static SseClient.Event nextMessage(SseClient sse) {
    while (true) {
      SseClient.Event e = sse.nextEvent(WAIT);
      if ("message".equals(e.event()) || "reset".equals(e.event())) {
        return e;
      }
    }
  }
}

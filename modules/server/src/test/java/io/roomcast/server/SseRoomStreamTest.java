package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.SseClient.Event;
import io.roomcast.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SseRoomStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestConfig.clusterName());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private SseClient open(String room, String user) {
    String token = node.token(user, List.of(room), List.of());
    return node.sse("/rooms/" + room + "/events?token=" + token);
  }

  @Test
  void published_events_reach_an_sse_subscriber_in_order_with_their_envelope() {
    try (SseClient sse = open("lobby-order", "alice")) {
      assertEquals(200, sse.status());
      assertTrue(sse.header("Content-Type").startsWith("text/event-stream"));
      assertEquals("no-cache, no-transform", sse.header("Cache-Control"));
      Event snapshot = sse.nextEvent(WAIT);
      assertEquals("snapshot", snapshot.event());
      assertEquals("lobby-order", snapshot.json().getString("room"));

      for (int i = 0; i < 50; i++) {
        node.publish("lobby-order", new JsonObject().put("n", i));
      }
      long lastSeq = 0;
      for (int i = 0; i < 50; i++) {
        Event e = sse.next("message", WAIT);
        assertEquals("message", e.event());
        JsonObject env = e.json();
        assertEquals(i, env.getJsonObject("data").getInteger("n"));
        assertEquals("lobby-order", env.getString("room"));
        assertEquals(Long.parseLong(e.id()), env.getLong("seq"));
        assertTrue(env.getLong("seq") > lastSeq, "seq increases");
        lastSeq = env.getLong("seq");
        assertTrue(env.getString("ts").endsWith("Z"));
        assertEquals(36, env.getString("id").length());
      }
    }
  }

  @Test
  void the_publish_answer_carries_the_id_and_seq_the_subscriber_sees() {
    try (SseClient sse = open("lobby-ids", "alice")) {
      sse.nextEvent(WAIT);
      JsonObject accepted = node.publish("lobby-ids", new JsonObject());
      JsonObject env = sse.next("message", WAIT).json();
      assertEquals(accepted.getString("id"), env.getString("id"));
      assertEquals(accepted.getLong("seq"), env.getLong("seq"));
    }
  }

  @Test
  void a_stream_without_a_token_is_refused_with_401() {
    SseClient sse = node.sse("/rooms/lobby/events");
    assertEquals(401, sse.status());
    assertEquals("unauthorized", sse.errorBody().getJsonObject("error").getString("code"));
    sse.close();
  }

  @Test
  void a_stream_with_a_forged_token_is_refused_with_401() {
    String forged = node.token("mallory", List.of("*"), List.of()) + "x";
    SseClient sse = node.sse("/rooms/lobby/events?token=" + forged);
    assertEquals(401, sse.status());
    sse.close();
  }

  @Test
  void a_room_outside_the_rooms_claim_is_refused_with_403() {
    String token = node.token("bob", List.of("support:*"), List.of());
    SseClient sse = node.sse("/rooms/billing/events?token=" + token);
    assertEquals(403, sse.status());
    assertEquals("forbidden", sse.errorBody().getJsonObject("error").getString("code"));
    sse.close();
  }

  @Test
  void a_wildcard_claim_admits_rooms_of_its_namespace() {
    String token = node.token("bob", List.of("support:*"), List.of());
    try (SseClient sse = node.sse("/rooms/support:42/events?token=" + token)) {
      assertEquals(200, sse.status());
    }
  }

  @Test
  void an_invalid_room_id_is_refused_with_400() {
    String token = node.token("bob", List.of("*"), List.of());
    SseClient sse = node.sse("/rooms/a..b/events?token=" + token);
    assertEquals(400, sse.status());
    assertEquals("invalid_room", sse.errorBody().getJsonObject("error").getString("code"));
    sse.close();
  }

  @Test
  void the_user_inbox_stream_receives_pushes_addressed_to_its_user() {
    String token = node.token("carol", List.of(), List.of());
    try (SseClient sse = node.sse("/users/me/events?token=" + token)) {
      assertEquals("snapshot", sse.nextEvent(WAIT).event());
      node.vertx()
          .eventBus()
          .publish(Addresses.user("carol"), new JsonObject().put("id", "x").put("type", "note"));
      Event e = sse.nextEvent(WAIT);
      assertEquals("note", e.event());
      assertNull(e.id(), "user pushes carry no seq");
    }
  }

  @Test
  void the_last_subscriber_leaving_removes_the_node_consumer_and_its_cluster_registration()
      throws Exception {
    String room = "lobby-cleanup";
    String address = Addresses.room(room);
    NodeHub hub = node.node.edge().hub();
    SseClient a = open(room, "alice");
    SseClient b = open(room, "bob");
    a.nextEvent(WAIT);
    b.nextEvent(WAIT);
    assertTrue(hub.hasTopic(address));
    assertEquals(1, registrations(address), "one cluster registration for two local streams");

    a.close();
    b.close();
    Await.until(WAIT, "topic removed", () -> !hub.hasTopic(address));
    Await.until(WAIT, "cluster registration removed", () -> registrations(address) == 0);
    assertFalse(hub.hasTopic(address));
  }

  private int registrations(String address) {
    return node.hazelcast().getMultiMap("__vertx.subs").get(address).size();
  }
}

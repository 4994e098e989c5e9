package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebSocketProtocolTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            TestConfig.clusterName(), c -> c.getJsonObject("edge").put("maxFrameBytes", 4096));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private WsClient connect(String user, List<String> rooms, List<String> pub) {
    return WsClient.connect(node.vertx(), node.node.edgePort(), node.token(user, rooms, pub));
  }

  private static JsonObject op(String op) {
    return new JsonObject().put("op", op);
  }

  private static JsonObject subscribe(String... rooms) {
    return op("subscribe").put("rooms", new JsonArray(List.of(rooms)));
  }

  @Test
  void the_first_frame_welcomes_with_the_connection_and_user() {
    try (WsClient ws = connect("alice", List.of("*"), List.of())) {
      JsonObject welcome = ws.next(WAIT);
      assertEquals("welcome", welcome.getString("op"));
      assertEquals("alice", welcome.getString("user"));
      assertTrue(welcome.getString("connection").startsWith("c-"));
    }
  }

  @Test
  void an_upgrade_without_a_valid_token_is_refused_with_401() {
    UpgradeRejectedException rejected =
        assertThrows(
            UpgradeRejectedException.class,
            () -> WsClient.connect(node.vertx(), node.node.edgePort(), "/ws", null));
    assertEquals(401, rejected.getStatus());
  }

  @Test
  void a_subscriber_gets_an_ack_a_snapshot_and_then_events_with_inline_fields() {
    try (WsClient ws = connect("alice", List.of("ws-room"), List.of())) {
      JsonObject ack = ws.call(subscribe("ws-room"), WAIT);
      assertEquals("ack", ack.getString("op"));
      JsonObject snapshot = ws.next("snapshot", WAIT);
      assertEquals("ws-room", snapshot.getString("room"));
      JsonObject accepted = node.publish("ws-room", new JsonObject().put("text", "hi"));
      JsonObject event = nextOfType(ws, "message");
      assertEquals(accepted.getString("id"), event.getString("id"));
      assertEquals("ws-room", event.getString("room"));
      assertEquals("message", event.getString("type"));
      assertEquals("hi", event.getJsonObject("data").getString("text"));
      assertEquals(accepted.getLong("seq"), event.getLong("seq"));
    }
  }

  @Test
  void a_room_outside_the_claims_gets_an_error_with_the_ref_and_the_socket_stays_open() {
    try (WsClient ws = connect("bob", List.of("support:*"), List.of())) {
      JsonObject error = ws.call(subscribe("billing"), WAIT);
      assertEquals("error", error.getString("op"));
      assertEquals("forbidden", error.getString("code"));
      assertEquals("pong", ws.call(op("ping"), WAIT).getString("op"));
    }
  }

  @Test
  void publishing_stamps_the_token_identity_and_the_publisher_receives_its_own_event() {
    try (WsClient ws = connect("carol", List.of("chat"), List.of("chat"))) {
      String me = ws.next(WAIT).getString("connection");
      ws.call(subscribe("chat"), WAIT);
      JsonObject ack =
          ws.call(
              op("publish")
                  .put("room", "chat")
                  .put("type", "message")
                  .put("user", "mallory")
                  .put("data", new JsonObject().put("text", "mine")),
              WAIT);
      assertEquals("ack", ack.getString("op"), ack.encode());
      assertNotNull(ack.getLong("seq"));
      JsonObject event = nextOfType(ws, "message");
      assertEquals("carol", event.getString("user"));
      assertEquals(me, event.getString("connection"));
      assertEquals(ack.getString("id"), event.getString("id"));
    }
  }

  @Test
  void publishing_outside_the_pub_claim_is_refused() {
    try (WsClient ws = connect("dave", List.of("*"), List.of("team:*"))) {
      JsonObject error = ws.call(op("publish").put("room", "lobby").put("type", "message"), WAIT);
      assertEquals("forbidden", error.getString("code"));
    }
  }

  @Test
  void malformed_frames_get_error_frames_and_the_socket_stays_open() {
    try (WsClient ws = connect("erin", List.of("*"), List.of("*"))) {
      ws.next(WAIT);
      ws.sendText("not json");
      assertEquals("invalid_json", ws.next("error", WAIT).getString("code"));
      assertEquals("unknown_op", ws.call(op("dance"), WAIT).getString("code"));
      assertEquals(
          "invalid_request",
          ws.call(op("subscribe").put("rooms", "lobby"), WAIT).getString("code"));
      assertEquals("invalid_room", ws.call(subscribe("bad room"), WAIT).getString("code"));
      assertEquals(
          "invalid_type",
          ws.call(op("publish").put("room", "x").put("type", "typing.start"), WAIT)
              .getString("code"));
      assertEquals(
          "invalid_request", ws.call(new JsonObject().put("op", 5), WAIT).getString("code"));
      assertEquals("pong", ws.call(op("ping"), WAIT).getString("op"));
    }
  }

  @Test
  void a_frame_over_the_size_limit_closes_the_socket_with_1009() {
    try (WsClient ws = connect("frank", List.of("*"), List.of("*"))) {
      ws.next(WAIT);
      ws.sendText(op("ping").put("pad", "x".repeat(8000)).encode());
      assertEquals(1009, ws.awaitClose(WAIT));
    }
  }

  @Test
  void a_type_filter_lets_only_matching_events_through() {
    try (WsClient ws = connect("gina", List.of("filtered"), List.of())) {
      // filter first: the subscription's own presence events (join...) must not pass either
      ws.call(op("filter").put("patterns", new JsonArray(List.of("billing:*", "*:paid"))), WAIT);
      ws.call(subscribe("filtered"), WAIT);
      for (String type :
          List.of("message", "billing:invoice", "shop:paid", "other", "billing:end")) {
        node.post("/api/rooms/filtered/events", new JsonObject().put("type", type).encode());
      }
      // the filter applies to every type, built-in presence events included
      assertEquals("billing:invoice", ws.next("event", WAIT).getString("type"));
      assertEquals("shop:paid", ws.next("event", WAIT).getString("type"));
      assertEquals("billing:end", ws.next("event", WAIT).getString("type"));
    }
  }

  @Test
  void a_wildcard_subscription_receives_rooms_created_later_within_the_token_only() {
    try (WsClient ws = connect("hank", List.of("support:eu:*"), List.of())) {
      ws.next(WAIT);
      assertEquals("ack", ws.call(subscribe("support:*"), WAIT).getString("op"));
      node.publish("support:us:1", new JsonObject().put("n", 1));
      node.publish("support:eu:new-room", new JsonObject().put("n", 2));
      node.publish("billing:1", new JsonObject().put("n", 3));
      node.publish("support:eu:last", new JsonObject().put("n", 4));
      assertEquals("support:eu:new-room", nextOfType(ws, "message").getString("room"));
      assertEquals("support:eu:last", nextOfType(ws, "message").getString("room"));
    }
  }

  @Test
  void overlapping_subscriptions_deliver_each_event_once() {
    try (WsClient ws = connect("ivy", List.of("*"), List.of())) {
      ws.next(WAIT);
      ws.call(subscribe("team:*", "team:a", "*"), WAIT);
      node.publish("team:a", new JsonObject().put("n", 1));
      node.publish("team:b", new JsonObject().put("n", 2));
      node.publish("lobby", new JsonObject().put("n", 3));
      // order holds within a room, not across rooms
      Set<Integer> first = new TreeSet<>();
      for (int i = 0; i < 3; i++) {
        first.add(nextOfType(ws, "message").getJsonObject("data").getInteger("n"));
      }
      assertEquals(Set.of(1, 2, 3), first);
      // a duplicate of any of them would arrive before this one
      node.publish("team:a", new JsonObject().put("n", 4));
      assertEquals(4, nextOfType(ws, "message").getJsonObject("data").getInteger("n"));
    }
  }

  @Test
  void a_wildcard_with_no_overlap_with_the_claims_is_refused() {
    try (WsClient ws = connect("jack", List.of("support:*"), List.of())) {
      assertEquals("forbidden", ws.call(subscribe("billing:*"), WAIT).getString("code"));
      assertEquals("invalid_room", ws.call(subscribe("supp*"), WAIT).getString("code"));
    }
  }

  @Test
  void typing_becomes_a_typing_event_of_the_room() {
    try (WsClient ws = connect("kim", List.of("typing-room"), List.of())) {
      ws.call(subscribe("typing-room"), WAIT);
      assertEquals(
          "ack",
          ws.call(op("typing").put("room", "typing-room").put("typing", true), WAIT)
              .getString("op"));
      JsonObject e = nextOfType(ws, "typing.start");
      assertEquals("kim", e.getString("user"));
      assertNull(e.getValue("seq"), "ephemeral events carry no seq");
    }
  }

  @Test
  void unsubscribing_stops_delivery() {
    try (WsClient ws = connect("lea", List.of("*"), List.of())) {
      ws.call(subscribe("gone"), WAIT);
      ws.call(op("unsubscribe").put("rooms", new JsonArray(List.of("gone"))), WAIT);
      ws.call(subscribe("still"), WAIT);
      node.publish("gone", new JsonObject());
      node.publish("still", new JsonObject());
      assertEquals("still", nextOfType(ws, "message").getString("room"));
    }
  }

  @Test
  void a_connection_push_reports_delivered_filtered_and_not_connected() {
    try (WsClient ws = connect("mia", List.of(), List.of())) {
      String id = ws.next(WAIT).getString("connection");
      JsonObject r =
          node.post("/api/connections/" + id + "/events", "{\"type\":\"note\",\"data\":{\"x\":1}}")
              .bodyAsJsonObject();
      assertEquals("delivered", r.getString("result"));
      JsonObject pushed = ws.next("event", WAIT);
      assertEquals("note", pushed.getString("type"));
      assertEquals(1, pushed.getJsonObject("data").getInteger("x"));

      ws.call(op("filter").put("patterns", new JsonArray(List.of("billing:*"))), WAIT);
      assertEquals(
          "filtered",
          node.post("/api/connections/" + id + "/events", "{\"type\":\"note\"}")
              .bodyAsJsonObject()
              .getString("result"));
      String unknown = id.substring(0, id.indexOf('.') + 1) + "0000000000000000";
      assertEquals(
          "not_connected",
          node.post("/api/connections/" + unknown + "/events", "{\"type\":\"note\"}")
              .bodyAsJsonObject()
              .getString("result"));
      assertEquals(
          "not_connected",
          node.post("/api/connections/c-nope/events", "{\"type\":\"note\"}")
              .bodyAsJsonObject()
              .getString("result"));
    }
  }

  @Test
  void a_user_push_reaches_every_connection_of_the_user_and_counts_them() {
    try (WsClient a = connect("noah", List.of(), List.of());
        WsClient b = connect("noah", List.of(), List.of());
        WsClient other = connect("olga", List.of(), List.of())) {
      a.next(WAIT);
      b.next(WAIT);
      other.next(WAIT);
      b.call(op("filter").put("patterns", new JsonArray(List.of("x:*"))), WAIT);
      JsonObject r = node.post("/api/users/noah/events", "{\"type\":\"note\"}").bodyAsJsonObject();
      assertEquals(1, r.getInteger("delivered"), r.encode());
      assertEquals(1, r.getInteger("filtered"));
      assertEquals("note", a.next("event", WAIT).getString("type"));
      node.post("/api/users/olga/events", "{\"type\":\"for-olga\"}");
      assertEquals("for-olga", other.next("event", WAIT).getString("type"));
    }
  }

  @Test
  void pushes_need_the_api_key() {
    String token = node.token("pat", List.of("*"), List.of("*"));
    assertEquals(
        403, node.post("/api/users/pat/events", "{\"type\":\"note\"}", token).statusCode());
    assertNotEquals(
        200, node.post("/api/connections/x/events", "{\"type\":\"note\"}", token).statusCode());
  }

  private static JsonObject nextOfType(WsClient ws, String type) {
    while (true) {
      JsonObject e = ws.next("event", WAIT);
      if (type.equals(e.getString("type"))) {
        return e;
      }
    }
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SockJS event-bus bridge, spoken to over its raw WebSocket endpoint. */
class SockJsBridgeTest {
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

  private WsClient bridge(String user, List<String> rooms, List<String> pub) {
    return WsClient.connect(
        node.vertx(),
        node.node.edgePort(),
        "/eventbus/websocket?token=" + node.token(user, rooms, pub),
        null);
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }

  private static JsonObject publish(String address, JsonObject body) {
    return new JsonObject().put("type", "publish").put("address", address).put("body", body);
  }

  /** The next {@code rec} whose body is an event of {@code type}. */
  private static JsonObject nextRec(WsClient c, String type) {
    while (true) {
      JsonObject f = c.next(WAIT);
      if ("rec".equals(f.getString("type"))
          && type.equals(f.getJsonObject("body").getString("type"))) {
        return f;
      }
    }
  }

  /** A register is confirmed by delivery: publish and wait for it on the same socket. */
  private void awaitRegistered(WsClient c, String room) {
    node.publish(room, new JsonObject().put("probe", true));
    nextRec(c, "message");
  }

  @Test
  void a_registered_room_receives_the_envelope_as_the_message_body() {
    try (WsClient c = bridge("alice", List.of("sj-room"), List.of())) {
      c.send(register("room.sj-room"));
      awaitRegistered(c, "sj-room");
      JsonObject accepted = node.publish("sj-room", new JsonObject().put("text", "hi"));
      JsonObject rec = nextRec(c, "message");
      assertEquals("room.sj-room", rec.getString("address"));
      assertEquals(accepted.getString("id"), rec.getJsonObject("body").getString("id"));
      assertEquals(accepted.getLong("seq"), rec.getJsonObject("body").getLong("seq"));
    }
  }

  @Test
  void registering_a_room_outside_the_claims_is_refused() {
    try (WsClient c = bridge("bob", List.of("support:*"), List.of())) {
      c.send(register("room.billing"));
      JsonObject err = c.next(WAIT);
      assertEquals("err", err.getString("type"));
      assertEquals("rejected", err.getString("body"));
    }
  }

  @Test
  void registering_another_users_inbox_is_refused() {
    try (WsClient c = bridge("bob", List.of("*"), List.of())) {
      c.send(register("user.alice"));
      assertEquals("rejected", c.next(WAIT).getString("body"));
    }
  }

  @Test
  void an_inbound_publish_is_stamped_with_the_token_identity_whatever_the_client_claims() {
    try (WsClient sub = bridge("carol", List.of("sj-chat"), List.of());
        WsClient pub = bridge("dave", List.of("sj-chat"), List.of("sj-chat"))) {
      sub.send(register("room.sj-chat"));
      awaitRegistered(sub, "sj-chat");
      pub.send(
          publish(
              "room.sj-chat",
              new JsonObject()
                  .put("type", "message")
                  .put("user", "mallory")
                  .put("seq", 999)
                  .put("data", new JsonObject().put("text", "from dave"))));
      JsonObject body = nextRec(sub, "message").getJsonObject("body");
      assertEquals("dave", body.getString("user"));
      assertEquals("from dave", body.getJsonObject("data").getString("text"));
      assertNotNull(body.getString("connection"));
      assertEquals(36, body.getString("id").length());
      assertEquals(false, body.getLong("seq") == 999L, "seq comes from the room, not the client");
    }
  }

  @Test
  void an_inbound_publish_outside_the_pub_claim_gets_a_coded_error_and_reaches_nobody() {
    try (WsClient sub = bridge("erin", List.of("sj-closed"), List.of());
        WsClient pub = bridge("frank", List.of("sj-closed"), List.of())) {
      sub.send(register("room.sj-closed"));
      awaitRegistered(sub, "sj-closed");
      pub.send(publish("room.sj-closed", new JsonObject().put("type", "message")));
      JsonObject err = pub.next(WAIT);
      assertEquals("err", err.getString("type"));
      assertEquals("forbidden", err.getString("body"));
      node.publish("sj-closed", new JsonObject().put("after", true));
      assertEquals(
          true,
          nextRec(sub, "message").getJsonObject("body").getJsonObject("data").getBoolean("after"));
    }
  }

  @Test
  void invalid_bodies_are_refused_like_rest() {
    try (WsClient pub = bridge("gus", List.of("*"), List.of("*"))) {
      pub.send(publish("room.x", new JsonObject().put("type", "bad type")));
      assertEquals("invalid_type", pub.next(WAIT).getString("body"));
      pub.send(
          new JsonObject().put("type", "publish").put("address", "room.x").put("body", "text"));
      assertEquals("invalid_json", pub.next(WAIT).getString("body"));
    }
  }

  @Test
  void a_typing_event_sent_through_the_bridge_becomes_the_typing_signal() {
    try (WsClient c = bridge("hana", List.of("sj-typing"), List.of())) {
      c.send(register("room.sj-typing"));
      awaitRegistered(c, "sj-typing");
      c.send(publish("room.sj-typing", new JsonObject().put("type", "typing.start")));
      assertEquals("hana", nextRec(c, "typing.start").getJsonObject("body").getString("user"));
    }
  }

  @Test
  void the_own_inbox_receives_user_pushes() {
    try (WsClient c = bridge("ivan", List.of(), List.of())) {
      c.send(register("user.ivan"));
      JsonObject r;
      // the registration is asynchronous: push until the bridge counts it
      long deadline = System.nanoTime() + WAIT.toNanos();
      do {
        r = node.post("/api/users/ivan/events", "{\"type\":\"note\"}").bodyAsJsonObject();
      } while (r.getInteger("delivered") == 0 && System.nanoTime() < deadline);
      assertEquals(1, r.getInteger("delivered"));
      assertEquals("user.ivan", nextRec(c, "note").getString("address"));
    }
  }

  @Test
  void a_bridge_connection_without_a_token_is_refused() {
    assertThrows(
        UpgradeRejectedException.class,
        () -> WsClient.connect(node.vertx(), node.node.edgePort(), "/eventbus/websocket", null));
  }
}

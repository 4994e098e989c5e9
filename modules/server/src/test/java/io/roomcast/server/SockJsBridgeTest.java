package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SockJS event-bus bridge: mostly over its raw WebSocket endpoint, then SockJS's own WebSocket
 * transport and an HTTP fallback transport.
 */
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

  private void awaitRegistered(WsClient c, String room) {
    BridgeProbes.untilSeen(node, room, c, () -> true, WAIT);
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

  @Test
  void the_sockjs_websocket_transport_frames_messages_and_answers_requests() {
    String token = node.token("sjframe", List.of("sjf"), List.of("sjf"));
    try (RawWebSocket ws =
        RawWebSocket.open(
            node.vertx(),
            node.node.edgePort(),
            "/eventbus/123/s3ss10n/websocket?token=" + token,
            RawWebSocket.standard())) {
      assertEquals("o", ws.next(RawWebSocket.TEXT, WAIT).text());
      JsonObject snapshot =
          new JsonObject()
              .put("type", "send")
              .put("address", "roomcast.presence.snapshot")
              .put("body", new JsonObject().put("room", "sjf"))
              .put("replyAddress", "reply-1");
      // one SockJS frame carries a JSON array of messages
      ws.send(true, RawWebSocket.TEXT, sockJs(register("room.sjf"), snapshot));
      JsonObject reply = nextSockJs(ws, m -> "reply-1".equals(m.getString("address")));
      assertEquals("rec", reply.getString("type"));
      assertEquals("sjf", reply.getJsonObject("body").getString("room"));

      ws.send(
          true,
          RawWebSocket.TEXT,
          sockJs(
              publish(
                  "room.sjf",
                  new JsonObject()
                      .put("type", "message")
                      .put("data", new JsonObject().put("n", 1)))));
      JsonObject rec = nextSockJs(ws, m -> "room.sjf".equals(m.getString("address")));
      assertEquals("sjframe", rec.getJsonObject("body").getString("user"));

      ws.send(
          true,
          RawWebSocket.TEXT,
          sockJs(new JsonObject().put("type", "register").put("address", "room.elsewhere")));
      assertEquals(
          "rejected", nextSockJs(ws, m -> "err".equals(m.getString("type"))).getString("body"));

      // a frame over edge.maxFrameBytes: the reason, SockJS's close frame, then the close
      ws.send(true, RawWebSocket.TEXT, sockJs(new JsonObject().put("pad", "x".repeat(70_000))));
      assertEquals(
          "payload_too_large",
          nextSockJs(ws, m -> "err".equals(m.getString("type"))).getString("body"));
      assertEquals("c[1009,\"payload_too_large\"]", ws.next(RawWebSocket.TEXT, WAIT).text());
      assertEquals(1009, ws.next(RawWebSocket.CLOSE, WAIT).closeCode());
    }
  }

  @Test
  void the_http_fallback_transports_still_bridge() {
    String token = "?token=" + node.token("sjxhr", List.of("sjx"), List.of());
    String session = "/eventbus/321/xhrsession/";
    assertEquals("o", edgePost(session + "xhr" + token, "").bodyAsString().trim());
    assertEquals(
        204, edgePost(session + "xhr_send" + token, sockJs(register("room.sjx"))).statusCode());
    // the registration is asynchronous: publish while a poll waits, until an event comes back
    JsonObject[] rec = new JsonObject[1];
    List<Future<HttpResponse<Buffer>>> poll =
        new ArrayList<>(List.of(post(session + "xhr" + token, "")));
    int[] checks = {0};
    Await.until(
        WAIT,
        "an event through the xhr transport",
        () -> {
          if (checks[0]++ % 10 == 0) {
            node.publish("sjx", new JsonObject().put("via", "xhr"));
          }
          if (!poll.get(0).isComplete()) {
            return false;
          }
          String frame =
              Await.result(poll.set(0, post(session + "xhr" + token, ""))).bodyAsString();
          if (frame.startsWith("a[")) { // else a heartbeat
            for (Object m : new JsonArray(frame.substring(1).trim())) {
              JsonObject message = new JsonObject((String) m);
              if ("message".equals(message.getJsonObject("body").getString("type"))) {
                rec[0] = message;
              }
            }
          }
          return rec[0] != null;
        });
    assertEquals("room.sjx", rec[0].getString("address"));
    assertEquals("xhr", rec[0].getJsonObject("body").getJsonObject("data").getString("via"));
  }

  @Test
  void the_raw_transport_answers_the_handshake_before_the_server_has_anything_to_say() {
    String token = node.token("quiet", List.of("*"), List.of());
    try (RawWebSocket ws =
        RawWebSocket.open(
            node.vertx(),
            node.node.edgePort(),
            "/eventbus/websocket?token=" + token,
            RawWebSocket.standard())) {
      // well within the first keepalive, which would otherwise be what flushes it
      assertTrue(ws.head(WAIT).startsWith("HTTP/1.1 101"));
    }
  }

  /**
   * A POST on a connection of its own: vertx-web's xhr transport closes the connection after each
   * poll's answer (without saying so), so a reused one would be reset.
   */
  private static Future<HttpResponse<Buffer>> post(String path, String body) {
    WebClient once = WebClient.create(node.vertx(), new WebClientOptions().setKeepAlive(false));
    return once.post(node.node.edgePort(), "127.0.0.1", path)
        .sendBuffer(Buffer.buffer(body))
        .onComplete(r -> once.close());
  }

  private static HttpResponse<Buffer> edgePost(String path, String body) {
    return Await.result(post(path, body));
  }

  /** A client's SockJS frame: a JSON array of the messages as strings. */
  private static String sockJs(JsonObject... messages) {
    JsonArray frame = new JsonArray();
    for (JsonObject m : messages) {
      frame.add(m.encode());
    }
    return frame.encode();
  }

  /** The next bridge message matching {@code wanted} out of the server's SockJS frames. */
  private static JsonObject nextSockJs(RawWebSocket ws, Predicate<JsonObject> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String frame = ws.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).text();
      if (frame.startsWith("a")) {
        for (Object m : new JsonArray(frame.substring(1))) {
          JsonObject message = new JsonObject((String) m);
          if (wanted.test(message)) {
            return message;
          }
        }
      }
    }
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code rooms.requireCreated} on, every browser door refuses a room that was not created with
 * {@code room_not_found}, and admits one that was.
 */
class RoomsRequiredDoorsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.put("rooms", new JsonObject().put("requireCreated", true)));
    assertEquals(201, create("made").statusCode());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void an_sse_stream_of_a_room_not_created_is_404_before_the_stream_starts() {
    String token = node.token("sse-user", List.of("*"), List.of());
    try (SseClient refused = node.sse("/rooms/never/events?token=" + token)) {
      assertEquals(404, refused.status());
      JsonObject error = refused.errorBody().getJsonObject("error");
      assertEquals("room_not_found", error.getString("code"));
      assertNotNull(error.getString("message"));
    }
    try (SseClient admitted = node.sse("/rooms/made/events?token=" + token)) {
      assertEquals(200, admitted.status());
      assertEquals("snapshot", admitted.next("snapshot", WAIT).event());
    }
  }

  @Test
  void a_stream_of_several_rooms_with_one_not_created_is_404_before_the_stream_starts() {
    String token = node.token("multi-user", List.of("*"), List.of());
    try (SseClient refused = node.sse("/events?rooms=made,never-multi&inbox=1&token=" + token)) {
      assertEquals(404, refused.status());
      assertEquals("room_not_found", refused.errorBody().getJsonObject("error").getString("code"));
    }
    try (SseClient admitted = node.sse("/events?rooms=made,nowhere:*&token=" + token)) {
      assertEquals(200, admitted.status());
      assertEquals("made", admitted.next("snapshot", WAIT).json().getString("room"));
    }
  }

  @Test
  void a_websocket_subscribe_with_a_room_not_created_is_refused_naming_the_room() {
    try (WsClient ws = ws("ws-user", List.of("*"), List.of())) {
      JsonObject error = ws.call(subscribe(new JsonArray().add("made").add("never-ws")), WAIT);
      assertEquals("error", error.getString("op"));
      assertEquals("room_not_found", error.getString("code"));
      assertEquals("never-ws", error.getString("room"));
      // nothing of the refused subscribe was followed; the socket stays usable
      JsonObject ack = ws.call(subscribe(new JsonArray().add("made")), WAIT);
      assertEquals("ack", ack.getString("op"));
    }
  }

  @Test
  void a_websocket_wildcard_subscribe_skips_the_existence_check() {
    try (WsClient ws = ws("ws-wild", List.of("*"), List.of())) {
      JsonObject ack = ws.call(subscribe(new JsonArray().add("nowhere:*")), WAIT);
      assertEquals("ack", ack.getString("op"));
    }
  }

  @Test
  void a_websocket_publish_into_a_room_not_created_is_refused_naming_the_room() {
    try (WsClient ws = ws("ws-pub", List.of("*"), List.of("*"))) {
      JsonObject error = ws.call(publish("never-pub"), WAIT);
      assertEquals("error", error.getString("op"));
      assertEquals("room_not_found", error.getString("code"));
      assertEquals("never-pub", error.getString("room"));
      JsonObject ack = ws.call(publish("made"), WAIT);
      assertEquals("ack", ack.getString("op"));
      assertNotNull(ack.getLong("seq"));
    }
  }

  @Test
  void a_raw_bridge_register_or_publish_on_a_room_not_created_gets_an_error_frame() {
    try (WsClient bridge =
        WsClient.connect(
            node.vertx(),
            node.node.edgePort(),
            "/eventbus/websocket?token=" + node.token("sj-user", List.of("*"), List.of("*")),
            null)) {
      bridge.send(register("room.never-sj"));
      JsonObject err = bridge.next(WAIT);
      assertEquals("err", err.getString("type"));
      assertEquals("room_not_found", err.getString("body"));
      assertEquals("never-sj", err.getString("room"));
      bridge.send(
          new JsonObject()
              .put("type", "publish")
              .put("address", "room.never-sj")
              .put("body", new JsonObject().put("type", "message").put("data", new JsonObject())));
      JsonObject refused = bridge.next(WAIT);
      assertEquals("room_not_found", refused.getString("body"));
      assertEquals("never-sj", refused.getString("room"));
      // a created room registers as usual
      bridge.send(register("room.made"));
      BridgeProbes.untilSeen(node, "made", bridge, () -> true, WAIT);
    }
  }

  @Test
  void an_xhr_bridge_register_on_a_room_not_created_gets_an_error_frame() {
    XhrBridge xhr = XhrBridge.open(node, "xhrnever", node.token("sj-xhr", List.of("*"), List.of()));
    xhr.send(register("room.never-xhr"));
    JsonObject err = xhr.next(m -> "err".equals(m.getString("type")), WAIT);
    assertEquals("room_not_found", err.getString("body"));
    assertEquals("never-xhr", err.getString("room"));
  }

  private static WsClient ws(String user, List<String> rooms, List<String> pub) {
    WsClient ws =
        WsClient.connect(node.vertx(), node.node.edgePort(), node.token(user, rooms, pub));
    ws.next("welcome", WAIT);
    return ws;
  }

  private static JsonObject subscribe(JsonArray rooms) {
    return new JsonObject().put("op", "subscribe").put("rooms", rooms);
  }

  private static JsonObject publish(String room) {
    return new JsonObject()
        .put("op", "publish")
        .put("room", room)
        .put("type", "message")
        .put("data", new JsonObject().put("text", "hi"));
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }

  private static HttpResponse<Buffer> create(String room) {
    return Await.result(
        node.http
            .put(node.node.apiPort(), "127.0.0.1", "/api/rooms/" + room)
            .putHeader("Authorization", "Bearer " + TestConfig.API_KEY)
            .send());
  }
}

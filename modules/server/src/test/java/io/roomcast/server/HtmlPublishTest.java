package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** {@code html} on every publish door: the envelope carries the fragment, bad ones get codes. */
class HtmlPublishTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String FRAGMENT = "<li class=\"msg\">\n  héllo ✓\r\n</li>\n";
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestConfig.clusterName());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonObject html(String type, Object html) {
    return new JsonObject().put("type", type).put("html", html);
  }

  @Test
  void a_rest_publish_with_html_and_no_data_carries_the_fragment_and_empty_data() {
    String room = "html-rest";
    String token = node.token("alice", List.of(room), List.of());
    try (SseClient sse = node.sse("/rooms/" + room + "/events?token=" + token)) {
      sse.nextEvent(WAIT);
      HttpResponse<Buffer> r =
          node.post("/api/rooms/" + room + "/events", html("row", FRAGMENT).encode());
      assertEquals(202, r.statusCode(), r.bodyAsString());
      JsonObject env = sse.next("row", WAIT).json();
      assertEquals(FRAGMENT, env.getString("html"));
      assertEquals(new JsonObject(), env.getJsonObject("data"));
      JsonObject stored =
          node.get("/api/rooms/" + room + "/history")
              .bodyAsJsonObject()
              .getJsonArray("events")
              .getJsonObject(0);
      assertEquals(FRAGMENT, stored.getString("html"), "history keeps the fragment");
    }
  }

  @Test
  void bad_html_is_refused_on_rest_single_batch_and_user_push_with_codes() {
    String path = "/api/rooms/html-bad/events";
    assertRefused(node.post(path, html("row", 7).encode()), 400, "invalid_data");
    assertRefused(
        node.post(path, html("row", "x".repeat(33 * 1024)).encode()), 413, "payload_too_large");
    assertRefused(
        node.post(path, "{\"type\":\"row\",\"html\":\"\\ud800 lone\"}"), 400, "invalid_data");
    assertRefused(
        node.post("/api/users/bob/events", html("note", List.of()).encode()), 400, "invalid_data");

    JsonArray events =
        new JsonArray()
            .add(html("row", FRAGMENT).put("room", "html-batch"))
            .add(html("row", true).put("room", "html-batch"));
    JsonArray results =
        node.post("/api/publish", new JsonObject().put("events", events).encode())
            .bodyAsJsonObject()
            .getJsonArray("results");
    assertEquals(1L, results.getJsonObject(0).getLong("seq"));
    assertEquals(
        "invalid_data",
        results.getJsonObject(1).getJsonObject("error").getString("code"),
        results.encode());
  }

  @Test
  void a_user_push_carries_its_fragment_to_the_inbox() {
    String token = node.token("carol", List.of(), List.of());
    try (SseClient inbox = node.sse("/users/me/events?token=" + token)) {
      inbox.nextEvent(WAIT);
      HttpResponse<Buffer> r =
          node.post("/api/users/carol/events", html("note", FRAGMENT).encode());
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals(FRAGMENT, inbox.next("note", WAIT).json().getString("html"));
    }
  }

  @Test
  void a_websocket_publish_with_html_reaches_subscribers_and_bad_html_gets_an_error_frame() {
    String room = "html-ws";
    String token = node.token("dave", List.of(room), List.of(room));
    try (WsClient ws = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
      ws.call(
          new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add(room)), WAIT);
      JsonObject bad = ws.call(html("row", 1).put("op", "publish").put("room", room), WAIT);
      assertEquals("error", bad.getString("op"), bad.encode());
      assertEquals("invalid_data", bad.getString("code"));
      JsonObject ack = ws.call(html("row", FRAGMENT).put("op", "publish").put("room", room), WAIT);
      assertEquals("ack", ack.getString("op"), ack.encode());
      JsonObject e;
      do {
        e = ws.next("event", WAIT);
      } while (!"row".equals(e.getString("type")));
      assertEquals(FRAGMENT, e.getString("html"));
      assertEquals(ack.getString("id"), e.getString("id"));
    }
  }

  @Test
  void a_sockjs_inbound_publish_with_html_reaches_subscribers_and_bad_html_is_refused() {
    String room = "html-sj";
    try (WsClient pub =
        WsClient.connect(
            node.vertx(),
            node.node.edgePort(),
            "/eventbus/websocket?token=" + node.token("erin", List.of(room), List.of(room)),
            null)) {
      pub.send(register(room));
      BridgeProbes.untilSeen(node, room, pub, () -> true, WAIT);
      pub.send(bridgePublish(room, html("row", 5)));
      assertEquals("invalid_data", nextOfType(pub, "err").getString("body"));
      pub.send(bridgePublish(room, html("row", FRAGMENT)));
      JsonObject body;
      do {
        body = nextOfType(pub, "rec").getJsonObject("body");
      } while (!"row".equals(body.getString("type")));
      assertEquals(FRAGMENT, body.getString("html"));
      assertEquals("erin", body.getString("user"));
    }
  }

  private static JsonObject register(String room) {
    return new JsonObject().put("type", "register").put("address", "room." + room);
  }

  private static JsonObject bridgePublish(String room, JsonObject body) {
    return new JsonObject().put("type", "publish").put("address", "room." + room).put("body", body);
  }

  private static JsonObject nextOfType(WsClient c, String type) {
    while (true) {
      JsonObject f = c.next(WAIT);
      if (type.equals(f.getString("type"))) {
        return f;
      }
    }
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }
}

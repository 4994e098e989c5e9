package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.roomcast.testing.Await;
import io.roomcast.testing.Jwts;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One corpus of hostile input applied to every door (REST, SSE, WebSocket, SockJS): each case is
 * refused with its code, nothing answers 5xx, and the node stays healthy and serving.
 */
class HostileInputTest {
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

  /** Bad tokens: forged, expired, alg none, garbage, wrong claims. */
  private static Map<String, String> badTokens() {
    JsonObject ok = Jwts.claims("mallory", List.of("*"), List.of("*"));
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("forged", Jwts.hs256(ok, "not-the-secret-0123456789abcdef012345"));
    tokens.put(
        "expired", Jwts.hs256(ok.copy().put("exp", Jwts.now() - 3600), TestConfig.JWT_SECRET));
    tokens.put("alg none", Jwts.none(ok));
    tokens.put("garbage", "AAAA.BBBB.CCCC");
    tokens.put("empty segments", "..");
    tokens.put("no exp", Jwts.hs256(new JsonObject().put("sub", "mallory"), TestConfig.JWT_SECRET));
    tokens.put("bad sub", Jwts.hs256(ok.copy().put("sub", "a/b"), TestConfig.JWT_SECRET));
    return tokens;
  }

  /** Bodies that must never be published: the expected code for each. */
  private static Map<String, String> badBodies() {
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("{\"type\":\"message\"", "invalid_json");
    bodies.put("[{\"type\":\"message\"}]", "invalid_json");
    bodies.put("\"message\"", "invalid_json");
    bodies.put("null", "invalid_json");
    bodies.put("{\"type\":[\"message\"]}", "invalid_type");
    bodies.put("{\"type\":\"a\\r\\nevent: x\"}", "invalid_type");
    bodies.put("{\"type\":\"presence.offline\"}", "invalid_type");
    bodies.put("{\"type\":\"" + "t".repeat(65) + "\"}", "invalid_type");
    bodies.put("{\"type\":\"message\",\"data\":true}", "invalid_data");
    bodies.put("{\"type\":\"message\",\"data\":" + nested(40) + "}", "invalid_data");
    bodies.put(
        "{\"type\":\"message\",\"data\":{\"blob\":\"" + "x".repeat(40_000) + "\"}}",
        "payload_too_large");
    return bodies;
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code, String what) {
    assertEquals(status, r.statusCode(), what + ": " + r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"), what);
  }

  @Test
  void bad_tokens_are_refused_on_every_door() {
    badTokens()
        .forEach(
            (what, token) -> {
              HttpResponse<Buffer> r =
                  node.post("/api/rooms/lobby/events", "{\"type\":\"message\"}", token);
              assertEquals(401, r.statusCode(), "REST, " + what);
              SseClient sse = node.sse("/rooms/lobby/events?token=" + enc(token));
              assertEquals(401, sse.status(), "SSE, " + what);
              sse.close();
              UpgradeRejectedException ws =
                  assertThrows(
                      UpgradeRejectedException.class,
                      () ->
                          WsClient.connect(
                              node.vertx(), node.node.edgePort(), "/ws?token=" + enc(token), null),
                      "WebSocket, " + what);
              assertEquals(401, ws.getStatus());
              assertThrows(
                  UpgradeRejectedException.class,
                  () ->
                      WsClient.connect(
                          node.vertx(),
                          node.node.edgePort(),
                          "/eventbus/websocket?token=" + enc(token),
                          null),
                  "SockJS, " + what);
            });
    assertEquals(
        "token_expired",
        node.post("/api/rooms/lobby/events", "{\"type\":\"message\"}", badTokens().get("expired"))
            .bodyAsJsonObject()
            .getJsonObject("error")
            .getString("code"));
  }

  @Test
  void bad_bodies_are_refused_with_their_code_on_rest() {
    badBodies()
        .forEach(
            (body, code) -> {
              HttpResponse<Buffer> r = node.post("/api/rooms/lobby/events", body);
              assertRefused(
                  r,
                  code.equals("payload_too_large") ? 413 : 400,
                  code,
                  body.length() > 80 ? body.substring(0, 80) : body);
            });
  }

  @Test
  void bad_bodies_are_refused_with_their_code_on_the_websocket_and_the_socket_stays_open() {
    String token = node.token("wsuser", List.of("*"), List.of("*"));
    try (WsClient ws = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
      ws.next(WAIT);
      badBodies()
          .forEach(
              (body, code) -> {
                JsonObject frame;
                try {
                  Object parsed = new JsonObject("{\"v\":" + body + "}").getValue("v");
                  if (!(parsed instanceof JsonObject obj)) {
                    return; // not an object: covered by the raw-frame cases below
                  }
                  frame = obj.put("op", "publish").put("room", "lobby");
                } catch (RuntimeException notJson) {
                  return;
                }
                assertEquals(code, ws.call(frame, WAIT).getString("code"), body);
              });
      for (String raw : List.of("{", "[]", "42", "\"x\"", "null", "{\"op\":null}")) {
        ws.sendText(raw);
        JsonObject error = ws.next("error", WAIT);
        assertNotNull(error.getString("code"), raw);
      }
      assertEquals(
          "unknown_op", ws.call(new JsonObject().put("op", "drop tables"), WAIT).getString("code"));
      assertEquals(
          "invalid_room",
          ws.call(
                  new JsonObject()
                      .put("op", "subscribe")
                      .put("rooms", new JsonArray(List.of("a\u0000b"))),
                  WAIT)
              .getString("code"));
      assertEquals("pong", ws.call(new JsonObject().put("op", "ping"), WAIT).getString("op"));
    }
  }

  @Test
  void bad_bodies_are_refused_with_their_code_on_the_sockjs_bridge() {
    String token = node.token("sjuser", List.of("*"), List.of("*"));
    try (WsClient sj =
        WsClient.connect(
            node.vertx(), node.node.edgePort(), "/eventbus/websocket?token=" + token, null)) {
      badBodies()
          .forEach(
              (body, code) -> {
                Object parsed;
                try {
                  parsed = new JsonObject("{\"v\":" + body + "}").getValue("v");
                } catch (RuntimeException notJson) {
                  return;
                }
                sj.send(
                    new JsonObject()
                        .put("type", "publish")
                        .put("address", "room.lobby")
                        .put("body", parsed));
                JsonObject err = sj.next(WAIT);
                assertEquals("err", err.getString("type"), body);
                String expected = parsed instanceof JsonObject ? code : "invalid_json";
                assertEquals(expected, err.getString("body"), body);
              });
    }
  }

  @Test
  void bad_room_ids_are_refused_on_rest_sse_and_websocket() {
    String token = node.token("roomer", List.of("*"), List.of("*"));
    for (String room : List.of("r".repeat(129), "has space", "nul\u0000", "..", "a/b", "x\r\ny")) {
      String path = enc(room).replace("+", "%20");
      HttpResponse<Buffer> r =
          node.post("/api/rooms/" + path + "/events", "{\"type\":\"message\"}");
      assertTrue(
          r.statusCode() >= 400 && r.statusCode() < 500, "REST " + room + ": " + r.statusCode());
      SseClient sse = node.sse("/rooms/" + path + "/events?token=" + token);
      assertTrue(sse.status() >= 400 && sse.status() < 500, "SSE " + room + ": " + sse.status());
      sse.close();
    }
  }

  @Test
  void a_binary_frame_gets_an_error_and_the_socket_stays_open() {
    String token = node.token("bin", List.of("*"), List.of("*"));
    try (WsClient ws = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
      ws.next(WAIT);
      Await.result(ws.socket().writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3})));
      assertEquals("invalid_request", ws.next("error", WAIT).getString("code"));
      assertEquals("pong", ws.call(new JsonObject().put("op", "ping"), WAIT).getString("op"));
    }
  }

  @Test
  void invalid_utf8_in_a_text_frame_closes_the_socket_with_1007() {
    String token = node.token("utf", List.of("*"), List.of("*"));
    try (WsClient ws = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
      ws.next(WAIT);
      Await.result(
          ws.socket()
              .writeFrame(
                  new WebSocketFrameImpl(
                      WebSocketFrameType.TEXT,
                      Unpooled.wrappedBuffer(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}),
                      true)));
      // RFC 6455 §8.1: text that is not UTF-8 fails the connection, nothing is substituted
      assertEquals(1007, ws.awaitClose(WAIT));
    }
    assertEquals(200, node.get("/health").statusCode());
  }

  @Test
  void after_the_whole_corpus_the_node_is_healthy_and_serving() {
    bad_tokens_are_refused_on_every_door();
    bad_bodies_are_refused_with_their_code_on_rest();
    assertEquals(200, node.get("/health").statusCode());
    String token = node.token("after", List.of("after"), List.of());
    try (SseClient sse = node.sse("/rooms/after/events?token=" + token)) {
      sse.nextEvent(WAIT);
      JsonObject accepted = node.publish("after", new JsonObject());
      SseClient.Event e = sse.next("message", WAIT);
      assertEquals(accepted.getString("id"), e.json().getString("id"));
    }
  }
}

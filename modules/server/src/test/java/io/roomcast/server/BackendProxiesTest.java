package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.hooks.HookSignature;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The subscribe and connect proxies against a real HTTP backend: what the edge asks (signed), and
 * what each answer does on every door — allow, deny with {@code forbidden} or {@code
 * room_not_found}, a backend that hangs past {@code hooks.timeoutMillis} or fails with a 5xx
 * ({@code unavailable}); allow answers cached or not; browsers without a token admitted, refused or
 * closed at the expiry the backend named.
 */
class BackendProxiesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SECRET = "test-only-hooks-secret-0123456789";
  private static TestBackend backend;
  private static TestNode node;
  private static TestNode caching;

  @BeforeAll
  static void start() {
    backend = new TestBackend();
    backend.answer(BackendProxiesTest::answer);
    node = TestNode.start(TestConfig.clusterName(), c -> hooks(c, 0));
    caching = TestNode.start(TestConfig.clusterName(), c -> hooks(c, 60));
  }

  @AfterAll
  static void stop() {
    node.close();
    caching.close();
    backend.close();
  }

  private static void hooks(JsonObject config, int cacheSeconds) {
    config.put(
        "hooks",
        new JsonObject()
            .put("subscribeUrl", backend.url("/subscribe"))
            .put("connectUrl", backend.url("/connect"))
            .put("secret", SECRET)
            .put("timeoutMillis", 500)
            .put("cacheSeconds", cacheSeconds));
  }

  /**
   * The backend: rooms named {@code ok…} are allowed, {@code no-forbidden} and {@code no-room}
   * denied, {@code slow} never answered, {@code broken} a 500; the cookie {@code session=ann} is a
   * user for an hour, {@code session=brief} for two seconds, {@code session=gone} expired already,
   * {@code session=slow} never answered, any other is refused.
   */
  private static void answer(TestBackend.Call call, io.vertx.core.http.HttpServerResponse r) {
    if (call.path().equals("/subscribe")) {
      String room = call.json().getString("room");
      if (room.startsWith("ok")) {
        TestBackend.json(r, 200, new JsonObject().put("result", "allow"));
      } else if (room.equals("no-forbidden")) {
        TestBackend.json(r, 200, deny("forbidden"));
      } else if (room.equals("no-room")) {
        TestBackend.json(r, 200, deny("room_not_found"));
      } else if (room.equals("broken")) {
        r.setStatusCode(500).end();
      } // "slow": no answer
      return;
    }
    String cookie = String.valueOf(call.headers().get("Cookie"));
    long now = Instant.now().getEpochSecond();
    switch (cookie) {
      case "session=ann" -> TestBackend.json(r, 200, identity("cookie-ann", now + 3600));
      case "session=brief" -> TestBackend.json(r, 200, identity("cookie-bo", now + 2));
      case "session=gone" -> TestBackend.json(r, 200, identity("cookie-cy", now - 10));
      case "session=slow" -> {}
      default -> r.setStatusCode(401).end();
    }
  }

  private static JsonObject deny(String code) {
    return new JsonObject().put("result", "deny").put("code", code);
  }

  private static JsonObject identity(String user, long expires) {
    return new JsonObject()
        .put("user", user)
        .put("rooms", new JsonArray().add("*"))
        .put("pub", new JsonArray())
        .put("expires", expires);
  }

  private static String token(String user) {
    return node.token(user, List.of("*"), List.of());
  }

  private static List<JsonObject> subscribeCalls(String room) {
    return backend.calls("/subscribe").stream()
        .map(TestBackend.Call::json)
        .filter(b -> room.equals(b.getString("room")))
        .toList();
  }

  private static TestBackend.Call lastSubscribeCall(String room) {
    List<TestBackend.Call> calls =
        backend.calls("/subscribe").stream()
            .filter(c -> room.equals(c.json().getString("room")))
            .toList();
    return calls.get(calls.size() - 1);
  }

  private static void assertSigned(TestBackend.Call call) {
    long ts = Long.parseLong(call.headers().get(HookSignature.TIMESTAMP));
    assertTrue(Math.abs(ts - Instant.now().getEpochSecond()) < 60, "a current timestamp");
    assertEquals(
        HookSignature.sign(SECRET, ts, call.body()), call.headers().get(HookSignature.SIGNATURE));
  }

  private static void assertRefused(SseClient s, int status, String code) {
    assertEquals(status, s.status());
    assertEquals(code, s.errorBody().getJsonObject("error").getString("code"));
  }

  @Test
  void an_sse_stream_is_admitted_by_allow_and_the_backend_is_asked_with_a_signed_request() {
    try (SseClient s = node.sse("/rooms/ok-sse/events?token=" + token("sue"))) {
      assertEquals(200, s.status());
      JsonObject snapshot = s.next("snapshot", WAIT).json();
      TestBackend.Call call = lastSubscribeCall("ok-sse");
      assertSigned(call);
      JsonObject asked = call.json();
      assertEquals("sue", asked.getString("user"));
      assertEquals("sse", asked.getString("transport"));
      assertEquals(snapshot.getString("connection"), asked.getString("connection"));
      assertNull(asked.getString("cid"));
    }
  }

  @Test
  void an_sse_stream_is_refused_as_the_backend_says_or_unavailable_when_it_hangs_or_fails() {
    try (SseClient forbidden = node.sse("/rooms/no-forbidden/events?token=" + token("sam"));
        SseClient missing = node.sse("/rooms/no-room/events?token=" + token("sam"));
        SseClient hangs = node.sse("/rooms/slow/events?token=" + token("sam"));
        SseClient fails = node.sse("/rooms/broken/events?token=" + token("sam"))) {
      assertRefused(forbidden, 403, "forbidden");
      assertRefused(missing, 404, "room_not_found");
      assertRefused(hangs, 503, "unavailable");
      assertRefused(fails, 503, "unavailable");
    }
  }

  @Test
  void a_token_without_the_room_is_refused_before_the_backend_is_asked() {
    int before = subscribeCalls("ok-claim").size();
    String narrow = node.token("tim", List.of("elsewhere"), List.of());
    try (SseClient s = node.sse("/rooms/ok-claim/events?token=" + narrow)) {
      assertRefused(s, 403, "forbidden");
    }
    assertEquals(before, subscribeCalls("ok-claim").size());
  }

  @Test
  void a_websocket_subscribe_gets_the_backends_answer() {
    try (WsClient c = WsClient.connect(node.vertx(), node.node.edgePort(), token("wes"))) {
      c.next("welcome", WAIT);
      assertEquals("ack", subscribe(c, "ok-ws").getString("op"));
      assertEquals("ws", lastSubscribeCall("ok-ws").json().getString("transport"));
      assertEquals("forbidden", subscribe(c, "no-forbidden").getString("code"));
      assertEquals("room_not_found", subscribe(c, "no-room").getString("code"));
      assertEquals("unavailable", subscribe(c, "slow").getString("code"));
      assertEquals("unavailable", subscribe(c, "broken").getString("code"));
      node.publish("ok-ws", new JsonObject().put("n", 1));
      JsonObject e;
      do {
        e = c.next("event", WAIT);
      } while (!"message".equals(e.getString("type")));
      assertEquals("ok-ws", e.getString("room"));
    }
  }

  @Test
  void a_bridge_register_gets_the_backends_answer() {
    try (WsClient c =
        WsClient.connect(
            node.vertx(),
            node.node.edgePort(),
            "/eventbus/websocket?token=" + token("bea"),
            (String) null)) {
      c.send(register("room.ok-bridge"));
      BridgeProbes.untilSeen(node, "ok-bridge", c, () -> true, WAIT);
      assertEquals("sockjs", lastSubscribeCall("ok-bridge").json().getString("transport"));
      for (Map.Entry<String, String> refusal :
          Map.of(
                  "no-forbidden", "forbidden",
                  "no-room", "room_not_found",
                  "slow", "unavailable",
                  "broken", "unavailable")
              .entrySet()) {
        c.send(register("room." + refusal.getKey()));
        JsonObject err = c.next(WAIT);
        while (err.getString("type").equals("rec")
            && err.getString("address").equals("room.ok-bridge")) {
          err = c.next(WAIT); // ok-bridge's own events (bea's join) may still be on their way
        }
        assertEquals("err", err.getString("type"), err.encode());
        assertEquals(refusal.getValue(), err.getString("body"), err.encode());
      }
    }
  }

  @Test
  void with_caching_a_second_subscribe_of_the_same_user_and_room_asks_nobody() {
    String cached = caching.token("cal", List.of("*"), List.of());
    for (int i = 0; i < 2; i++) {
      try (SseClient s = caching.sse("/rooms/ok-cached/events?token=" + cached)) {
        assertEquals("snapshot", s.nextEvent(WAIT).event());
      }
    }
    assertEquals(1, subscribeCalls("ok-cached").size());
    String uncached = token("cal");
    for (int i = 0; i < 2; i++) {
      try (SseClient s = node.sse("/rooms/ok-uncached/events?token=" + uncached)) {
        assertEquals("snapshot", s.nextEvent(WAIT).event());
      }
    }
    assertEquals(2, subscribeCalls("ok-uncached").size());
  }

  @Test
  void a_browser_without_a_token_is_whoever_the_connect_proxy_names_for_its_cookie() {
    try (WsClient c =
        WsClient.connectWithHeaders(
            node.vertx(), node.node.edgePort(), "/ws", Map.of("Cookie", "session=ann"))) {
      JsonObject welcome = c.next("welcome", WAIT);
      assertEquals("cookie-ann", welcome.getString("user"));
      TestBackend.Call call = backend.calls("/connect").get(backend.calls("/connect").size() - 1);
      assertSigned(call);
      assertEquals("session=ann", call.headers().get("Cookie"));
      assertEquals("session=ann", call.json().getString("cookie"));
      assertEquals("ws", call.json().getString("transport"));
      assertEquals("ack", subscribe(c, "ok-cookie").getString("op"));
      assertEquals("cookie-ann", lastSubscribeCall("ok-cookie").json().getString("user"));
    }
  }

  @Test
  void
      the_connect_proxy_refuses_with_401_an_expired_session_too_and_is_unavailable_when_it_hangs() {
    try (SseClient refused =
            SseClient.openWithHeaders(
                node.vertx(),
                node.node.edgePort(),
                "/users/me/events",
                Map.of("Cookie", "session=nobody"));
        SseClient expired =
            SseClient.openWithHeaders(
                node.vertx(),
                node.node.edgePort(),
                "/users/me/events",
                Map.of("Cookie", "session=gone"));
        SseClient hangs =
            SseClient.openWithHeaders(
                node.vertx(),
                node.node.edgePort(),
                "/users/me/events",
                Map.of("Cookie", "session=slow"))) {
      assertRefused(refused, 401, "unauthorized");
      assertRefused(expired, 401, "unauthorized");
      assertRefused(hangs, 503, "unavailable");
    }
  }

  @Test
  void a_bridge_socket_without_a_token_is_admitted_by_the_connect_proxy() {
    try (WsClient c =
        WsClient.connectWithHeaders(
            node.vertx(),
            node.node.edgePort(),
            "/eventbus/websocket",
            Map.of("Cookie", "session=ann"))) {
      c.send(register("room.ok-cookie-bridge"));
      BridgeProbes.untilSeen(node, "ok-cookie-bridge", c, () -> true, WAIT);
      assertEquals("cookie-ann", lastSubscribeCall("ok-cookie-bridge").json().getString("user"));
    }
  }

  @Test
  void a_connection_admitted_by_the_connect_proxy_is_closed_at_the_expiry_it_named() {
    try (WsClient c =
        WsClient.connectWithHeaders(
            node.vertx(), node.node.edgePort(), "/ws", Map.of("Cookie", "session=brief"))) {
      assertEquals("cookie-bo", c.next("welcome", WAIT).getString("user"));
      JsonObject last = c.next("error", WAIT);
      assertEquals("token_expired", last.getString("code"));
      assertEquals(4101, c.awaitClose(WAIT));
    }
  }

  private static JsonObject subscribe(WsClient c, String room) {
    return c.call(
        new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add(room)), WAIT);
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }
}

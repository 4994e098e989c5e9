package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients of the SockJS event-bus bridge, on every door it has: the raw {@code
 * /eventbus/websocket}, SockJS's WebSocket transport and its HTTP fallbacks (xhr polling and
 * streaming, eventsource, htmlfile, jsonp), against a real node with raw HTTP and WebSocket
 * clients.
 */
class HostileSockJsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int MAX_SUBSCRIPTIONS = 3;
  private static final AtomicInteger SESSIONS = new AtomicInteger();
  private static final List<LogRecord> SEVERE = new CopyOnWriteArrayList<>();
  private static final Handler CAPTURE =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
            SEVERE.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private static TestNode node;

  /** Ids every door must refuse, and why each is bad. */
  private static final List<String> BAD_ROOMS =
      List.of(
          "public:..", "public:a b", "public:a\nb", "public:" + "x".repeat(5_000), "", "public:");

  @BeforeAll
  static void start() {
    Logger.getLogger("").addHandler(CAPTURE);
    node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.getJsonObject("edge").put("maxSubscriptions", MAX_SUBSCRIPTIONS));
  }

  @AfterAll
  static void stop() {
    node.close();
    Logger.getLogger("").removeHandler(CAPTURE);
  }

  @BeforeEach
  void clearLog() {
    SEVERE.clear();
  }

  // --- a SockJS session belongs to the identity that opened it ---

  @Test
  void another_user_polling_or_sending_on_a_session_is_refused_and_sees_nothing_of_it() {
    String alice = "?token=" + node.token("alice", List.of("ht-priv"), List.of("ht-priv"));
    String bob = "?token=" + node.token("bob", List.of("*"), List.of("*"));
    String session = session();
    assertEquals("o", post(session + "xhr" + alice, "").bodyAsString().trim());
    assertEquals(
        204,
        post(session + "xhr_send" + alice, sockJs(register("user.alice"), register("room.ht-priv")))
            .statusCode());
    awaitPushDelivered("alice", "warm-up");

    // a private push to alice waits in her session while bob tries every way in
    assertEquals(
        1,
        node.post("/api/users/alice/events", "{\"type\":\"secret\",\"data\":{\"pin\":1234}}")
            .bodyAsJsonObject()
            .getInteger("delivered"));
    String bobPublish =
        sockJs(
            publish(
                "room.ht-priv",
                new JsonObject()
                    .put("type", "message")
                    .put("data", new JsonObject().put("by", "bob"))));
    List<HttpResponse<Buffer>> tries =
        List.of(
            post(session + "xhr" + bob, ""),
            post(session + "xhr_send" + bob, bobPublish),
            post(session + "xhr_streaming" + bob, ""),
            get(session + "eventsource" + bob),
            get(session + "htmlfile" + bob + "&c=cb"),
            get(session + "jsonp" + bob + "&c=cb"),
            form(session + "jsonp_send" + bob, bobPublish));
    for (HttpResponse<Buffer> r : tries) {
      assertEquals(403, r.statusCode(), r.bodyAsString());
      assertEquals("forbidden", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
      assertFalse(r.bodyAsString().contains("1234"), r.bodyAsString());
    }
    HttpResponse<Buffer> anonymous = post(session + "xhr", "");
    assertEquals(401, anonymous.statusCode());
    assertFalse(anonymous.bodyAsString().contains("1234"));

    // alice's session is untouched: her push is still there, and she can publish
    assertTrue(pollUntil(session, alice, m -> "secret".equals(type(m))) != null);
    assertEquals(
        204,
        post(
                session + "xhr_send" + alice,
                sockJs(
                    publish(
                        "room.ht-priv",
                        new JsonObject()
                            .put("type", "message")
                            .put("data", new JsonObject().put("by", "alice")))))
            .statusCode());
    JsonObject mine = pollUntil(session, alice, m -> "message".equals(type(m)));
    assertEquals("alice", mine.getJsonObject("body").getString("user"));
    assertEquals("alice", mine.getJsonObject("body").getJsonObject("data").getString("by"));

    JsonArray history =
        node.get("/api/rooms/ht-priv/history").bodyAsJsonObject().getJsonArray("events");
    assertEquals(1, history.size(), history.encode());
    assertEquals("alice", history.getJsonObject(0).getJsonObject("data").getString("by"));
  }

  @Test
  void a_sockjs_websocket_naming_a_fallback_session_is_a_connection_of_its_own() {
    String alice = "?token=" + node.token("amy", List.of(), List.of());
    String session = session();
    assertEquals("o", post(session + "xhr" + alice, "").bodyAsString().trim());
    assertEquals(
        204, post(session + "xhr_send" + alice, sockJs(register("user.amy"))).statusCode());
    awaitPushDelivered("amy", "warm-up");
    String bob = node.token("ben", List.of(), List.of());
    try (RawWebSocket ws =
        RawWebSocket.open(
            node.vertx(),
            node.node.edgePort(),
            session + "websocket?token=" + bob,
            RawWebSocket.standard())) {
      assertEquals("o", ws.next(RawWebSocket.TEXT, WAIT).text());
      ws.send(true, RawWebSocket.TEXT, sockJs(register("user.ben")));
      awaitPushDelivered("ben", "ready");
      node.post("/api/users/amy/events", "{\"type\":\"amy-only\"}");
      assertTrue(pollUntil(session, alice, m -> "amy-only".equals(type(m))) != null);
      node.post("/api/users/ben/events", "{\"type\":\"ben-marker\"}");
      JsonObject first =
          nextSockJs(ws, m -> "amy-only".equals(type(m)) || "ben-marker".equals(type(m)));
      assertEquals("ben-marker", type(first), "ben's socket saw amy's push");
    }
  }

  @Test
  void a_send_to_a_session_this_node_does_not_hold_is_a_clean_404() {
    String token = "?token=" + node.token("nomad", List.of("*"), List.of());
    HttpResponse<Buffer> r = post(session() + "xhr_send" + token, sockJs(register("room.x")));
    assertEquals(404, r.statusCode());
    assertEquals("not_found", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
    // a poll on an unknown session opens a new one, as SockJS says
    assertEquals("o", post(session() + "xhr" + token, "").bodyAsString().trim());
    assertTrue(SEVERE.isEmpty(), () -> SEVERE.get(0).getMessage());
  }

  // --- the room-id rule and the subscription cap on every bridge door ---

  @Test
  void the_raw_websocket_refuses_bad_room_ids_and_registrations_over_the_cap() {
    try (WsClient c = raw("rawbad")) {
      for (String room : BAD_ROOMS) {
        c.send(register("room." + room));
        assertEquals("invalid_room", c.next(WAIT).getString("body"), room);
      }
      c.send(register("user.someone-else"));
      assertEquals("rejected", c.next(WAIT).getString("body"));
      for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
        c.send(register("room.rawcap-" + i));
      }
      c.send(register("room.rawcap-over"));
      JsonObject err = c.next(WAIT);
      assertEquals("too_many_subscriptions", err.getString("body"));
      assertTrue(err.getString("message").contains(String.valueOf(MAX_SUBSCRIPTIONS)));
      assertNoPresence("rawcap-over");
      // an unregister frees a place
      c.send(new JsonObject().put("type", "unregister").put("address", "room.rawcap-0"));
      c.send(register("room.rawcap-over"));
      BridgeProbes.untilSeen(node, "rawcap-over", c, () -> true, WAIT);
    }
  }

  @Test
  void the_sockjs_websocket_refuses_bad_room_ids_and_registrations_over_the_cap() {
    String token = node.token("sjbad", List.of("*"), List.of());
    try (RawWebSocket ws =
        RawWebSocket.open(
            node.vertx(),
            node.node.edgePort(),
            session() + "websocket?token=" + token,
            RawWebSocket.standard())) {
      assertEquals("o", ws.next(RawWebSocket.TEXT, WAIT).text());
      for (String room : BAD_ROOMS) {
        ws.send(true, RawWebSocket.TEXT, sockJs(register("room." + room)));
        assertEquals("invalid_room", nextSockJs(ws, HostileSockJsTest::isErr).getString("body"));
      }
      for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
        ws.send(true, RawWebSocket.TEXT, sockJs(register("room.sjcap-" + i)));
      }
      ws.send(true, RawWebSocket.TEXT, sockJs(register("room.sjcap-over")));
      assertEquals(
          "too_many_subscriptions", nextSockJs(ws, HostileSockJsTest::isErr).getString("body"));
      assertNoPresence("sjcap-over");
    }
  }

  @Test
  void the_http_fallbacks_refuse_bad_room_ids_and_registrations_over_the_cap() {
    String token = "?token=" + node.token("xhrbad", List.of("*"), List.of());
    String session = session();
    assertEquals("o", post(session + "xhr" + token, "").bodyAsString().trim());
    for (String room : BAD_ROOMS) {
      assertEquals(
          204, post(session + "xhr_send" + token, sockJs(register("room." + room))).statusCode());
      // the coded reason, then vertx-web's stock refusal
      assertEquals(
          "invalid_room",
          pollUntil(session, token, HostileSockJsTest::isErr).getString("body"),
          room);
      assertEquals(
          "rejected", pollUntil(session, token, HostileSockJsTest::isErr).getString("body"));
    }
    JsonObject[] regs = new JsonObject[MAX_SUBSCRIPTIONS];
    for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
      regs[i] = register("room.xhrcap-" + i);
    }
    assertEquals(204, post(session + "xhr_send" + token, sockJs(regs)).statusCode());
    assertEquals(
        204, post(session + "xhr_send" + token, sockJs(register("room.xhrcap-over"))).statusCode());
    JsonObject err = pollUntil(session, token, HostileSockJsTest::isErr);
    assertEquals("too_many_subscriptions", err.getString("body"));
    assertNoPresence("xhrcap-over");
    assertTrue(SEVERE.isEmpty(), () -> SEVERE.get(0).getMessage());
  }

  @Test
  void the_ws_door_refuses_the_same_bad_ids_and_the_same_cap() {
    try (WsClient c =
        WsClient.connect(
            node.vertx(), node.node.edgePort(), node.token("wsbad", List.of("*"), List.of()))) {
      c.next("welcome", WAIT);
      for (String room : BAD_ROOMS) {
        JsonObject answer =
            c.call(
                new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add(room)),
                WAIT);
        assertEquals("invalid_room", answer.getString("code"), room);
      }
      JsonArray over = new JsonArray();
      for (int i = 0; i <= MAX_SUBSCRIPTIONS; i++) {
        over.add("wscap-" + i);
      }
      JsonObject answer = c.call(new JsonObject().put("op", "subscribe").put("rooms", over), WAIT);
      assertEquals("too_many_subscriptions", answer.getString("code"));
    }
  }

  @Test
  void sse_refuses_the_same_bad_ids() {
    String token = node.token("ssebad", List.of("*"), List.of());
    for (String room : List.of("public:..", "public:a%20b", "public:a%0Ab", "public:")) {
      HttpResponse<Buffer> r =
          Await.result(
              WebClient.create(node.vertx())
                  .get(
                      node.node.edgePort(),
                      "127.0.0.1",
                      "/rooms/" + room + "/events?token=" + token)
                  .send());
      assertEquals(400, r.statusCode(), room);
      assertEquals("invalid_room", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }
  }

  // --- broken input on the HTTP fallbacks ---

  @Test
  void an_empty_or_broken_xhr_send_body_is_a_400_invalid_json_without_a_severe_log() {
    String token = "?token=" + node.token("breaker", List.of("*"), List.of());
    String session = session();
    assertEquals("o", post(session + "xhr" + token, "").bodyAsString().trim());
    for (String body : List.of("", "[", "{\"a\":1}", "\"x\"", "[\"a\"", "\u0000")) {
      HttpResponse<Buffer> r = post(session + "xhr_send" + token, body);
      assertEquals(400, r.statusCode(), body);
      assertEquals(
          "invalid_json", r.bodyAsJsonObject().getJsonObject("error").getString("code"), body);
    }
    HttpResponse<Buffer> jsonp = form(session + "jsonp_send" + token, "[");
    assertEquals(400, jsonp.statusCode());
    assertEquals("invalid_json", jsonp.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertTrue(
        SEVERE.isEmpty(), () -> SEVERE.get(0).getMessage() + " " + SEVERE.get(0).getThrown());
  }

  @Test
  void messages_that_are_not_bridge_objects_get_an_err_frame_without_a_severe_log() {
    String token = "?token=" + node.token("oddity", List.of("odd"), List.of());
    String session = session();
    assertEquals("o", post(session + "xhr" + token, "").bodyAsString().trim());
    HttpResponse<Buffer> r = post(session + "xhr_send" + token, "[1,2,{\"x\":1}]");
    assertEquals(400, r.statusCode());
    assertEquals("invalid_json", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
    assertEquals(204, post(session + "xhr_send" + token, "[\"1\",\"[]\"]").statusCode());
    assertEquals(
        "invalid_json", pollUntil(session, token, HostileSockJsTest::isErr).getString("body"));
    // the session still works afterwards
    assertEquals(
        204, post(session + "xhr_send" + token, sockJs(register("room.odd"))).statusCode());
    awaitRoomDelivered(session, token, "odd");
    assertTrue(
        SEVERE.isEmpty(), () -> SEVERE.get(0).getMessage() + " " + SEVERE.get(0).getThrown());
  }

  @Test
  void odd_frames_on_the_sockjs_websocket_are_answered_without_a_severe_log() {
    String token = node.token("wsodd", List.of("*"), List.of());
    try (RawWebSocket ws =
        RawWebSocket.open(
            node.vertx(),
            node.node.edgePort(),
            session() + "websocket?token=" + token,
            RawWebSocket.standard())) {
      assertEquals("o", ws.next(RawWebSocket.TEXT, WAIT).text());
      ws.send(true, RawWebSocket.TEXT, "[1,2,{\"x\":1}]");
      ws.send(true, RawWebSocket.TEXT, "[\"1\"]");
      assertEquals("invalid_json", nextSockJs(ws, HostileSockJsTest::isErr).getString("body"));
    }
    assertTrue(SEVERE.isEmpty(), () -> SEVERE.get(0).getMessage());
  }

  // --- helpers ---

  private static String session() {
    return "/eventbus/7/hs" + SESSIONS.incrementAndGet() + "x" + System.nanoTime() + "/";
  }

  private WsClient raw(String user) {
    return WsClient.connect(
        node.vertx(),
        node.node.edgePort(),
        "/eventbus/websocket?token=" + node.token(user, List.of("*"), List.of()),
        null);
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }

  private static JsonObject publish(String address, JsonObject body) {
    return new JsonObject().put("type", "publish").put("address", address).put("body", body);
  }

  private static boolean isErr(JsonObject m) {
    return "err".equals(m.getString("type"));
  }

  private static String type(JsonObject m) {
    return m.getValue("body") instanceof JsonObject b ? b.getString("type") : null;
  }

  /** Nobody is present in {@code room}: a refused registration announced nothing. */
  private static void assertNoPresence(String room) {
    JsonObject p = node.get("/api/rooms/" + room + "/presence").bodyAsJsonObject();
    assertEquals(0, p.getJsonArray("users").size(), p.encode());
  }

  /** Pushes to {@code user} until a bridge registration of its inbox counts it. */
  private static void awaitPushDelivered(String user, String type) {
    Await.until(
        WAIT,
        "a push delivered to " + user,
        () ->
            node.post("/api/users/" + user + "/events", "{\"type\":\"" + type + "\"}")
                    .bodyAsJsonObject()
                    .getInteger("delivered")
                > 0);
  }

  /** Publishes into {@code room} until the xhr session sees one of its events. */
  private static void awaitRoomDelivered(String session, String token, String room) {
    node.publish(room, new JsonObject().put("probe", true));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      for (JsonObject m : poll(session, token)) {
        if ("message".equals(type(m))) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no event of " + room + " through the xhr session");
      }
      node.publish(room, new JsonObject().put("probe", true));
    }
  }

  /** Messages of a poll's answer that came after the one a test asked for, per session. */
  private static final Map<String, Deque<JsonObject>> UNREAD = new ConcurrentHashMap<>();

  /**
   * Reads the xhr session (what earlier polls brought first) until a bridge message matching {@code
   * wanted}; the messages before it are dropped, those after it kept for the next read.
   */
  private static JsonObject pollUntil(String session, String token, Predicate<JsonObject> wanted) {
    Deque<JsonObject> unread = UNREAD.computeIfAbsent(session, s -> new ArrayDeque<>());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (unread.isEmpty()) {
        unread.addAll(poll(session, token));
      }
      while (!unread.isEmpty()) {
        JsonObject m = unread.poll();
        if (wanted.test(m)) {
          return m;
        }
      }
    }
    throw new AssertionError("nothing wanted came through " + session);
  }

  /** One xhr poll: the bridge messages of its answer (none for a heartbeat). */
  private static List<JsonObject> poll(String session, String token) {
    HttpResponse<Buffer> r = post(session + "xhr" + token, "");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    String frame = r.bodyAsString().trim();
    List<JsonObject> out = new ArrayList<>();
    if (frame.startsWith("a[")) {
      for (Object m : new JsonArray(frame.substring(1))) {
        out.add(new JsonObject((String) m));
      }
    }
    return out;
  }

  /**
   * A request on a connection of its own: vertx-web's xhr transport closes the connection after
   * each poll's answer (without saying so), so a reused one would be reset. Streaming transports
   * that are accepted never end, so only their head is awaited.
   */
  private static HttpResponse<Buffer> request(
      HttpMethod method, String path, Buffer body, MultiMap form) {
    WebClient once = WebClient.create(node.vertx(), new WebClientOptions().setKeepAlive(false));
    var req = once.request(method, node.node.edgePort(), "127.0.0.1", path);
    Future<HttpResponse<Buffer>> f =
        form != null ? req.sendForm(form) : body != null ? req.sendBuffer(body) : req.send();
    return Await.result(f.onComplete(r -> once.close()), 10);
  }

  private static HttpResponse<Buffer> post(String path, String body) {
    return request(HttpMethod.POST, path, Buffer.buffer(body), null);
  }

  private static HttpResponse<Buffer> get(String path) {
    return request(HttpMethod.GET, path, null, null);
  }

  private static HttpResponse<Buffer> form(String path, String frame) {
    return request(HttpMethod.POST, path, null, MultiMap.caseInsensitiveMultiMap().add("d", frame));
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

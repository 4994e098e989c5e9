package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.WsClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server control API across two real nodes: disconnecting a connection or a user wherever they
 * are (close code 4010, the chosen reconnect flag), and subscribing or unsubscribing every live
 * socket of a user (the unsolicited frames, then events that flow or stop, and revocation).
 */
class ServerControlTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static List<TestNode> nodes;

  @BeforeAll
  static void start() {
    nodes = TestNode.cluster(2);
  }

  @AfterAll
  static void stop() {
    nodes.forEach(TestNode::close);
  }

  private static TestNode a() {
    return nodes.get(0);
  }

  private static TestNode b() {
    return nodes.get(1);
  }

  private static WsClient ws(TestNode node, String user, List<String> rooms) {
    WsClient c =
        WsClient.connect(node.vertx(), node.node.edgePort(), node.token(user, rooms, List.of()));
    return c;
  }

  private static WsClient bridge(TestNode node, String user, List<String> rooms) {
    return WsClient.connect(
        node.vertx(),
        node.node.edgePort(),
        "/eventbus/websocket?token=" + node.token(user, rooms, List.of()),
        null);
  }

  private static JsonObject rooms(String... rooms) {
    return new JsonObject().put("rooms", new JsonArray(List.of(rooms)));
  }

  private static JsonObject ok(HttpResponse<Buffer> r) {
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static void assertCode(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  @Test
  void disconnecting_a_connection_on_another_node_closes_it_with_4010_and_the_reconnect_flag() {
    try (WsClient c = ws(b(), "dana", List.of())) {
      String id = c.next("welcome", WAIT).getString("connection");
      JsonObject answer =
          ok(
              a().post(
                      "/api/connections/" + id + "/disconnect",
                      new JsonObject().put("reconnect", false).put("message", "banned").encode()));
      assertEquals(1, answer.getInteger("closed"));
      JsonObject last = c.next("error", WAIT);
      assertEquals("disconnected", last.getString("code"));
      assertEquals("banned", last.getString("message"));
      assertEquals(false, last.getBoolean("reconnect"));
      assertEquals(4010, c.awaitClose(WAIT));
      assertEquals(
          0,
          ok(a().post("/api/connections/" + id + "/disconnect", "{}")).getInteger("closed"),
          "a connection that is gone is not closed again");
    }
  }

  @Test
  void disconnecting_a_user_closes_every_connection_of_theirs_on_every_node_and_no_other() {
    String token = a().token("eli", List.of("ctl-eli"), List.of());
    try (WsClient onA = ws(a(), "eli", List.of());
        SseClient onB = b().sse("/rooms/ctl-eli/events?token=" + token);
        WsClient bridgeOnB = bridge(b(), "eli", List.of());
        WsClient other = ws(a(), "fay", List.of())) {
      onA.next("welcome", WAIT);
      other.next("welcome", WAIT);
      assertEquals("snapshot", onB.nextEvent(WAIT).event());
      // the raw bridge socket says nothing until asked: a ping is its sign of life
      bridgeOnB.send(new JsonObject().put("type", "ping"));

      JsonObject answer = ok(b().post("/api/users/eli/disconnect", "{}"));
      assertEquals(3, answer.getInteger("closed"), answer.encode());

      JsonObject last = onA.next("error", WAIT);
      assertEquals("disconnected", last.getString("code"));
      assertEquals(true, last.getBoolean("reconnect"), "reconnect is the default");
      assertEquals(4010, onA.awaitClose(WAIT));
      JsonObject close = onB.next("close", WAIT).json();
      assertEquals("disconnected", close.getString("code"));
      assertEquals(true, close.getBoolean("reconnect"));
      assertTrue(onB.awaitEnd(WAIT));
      JsonObject err = bridgeOnB.next(WAIT);
      assertEquals("err", err.getString("type"));
      assertEquals("disconnected", err.getString("body"));
      assertEquals(true, err.getBoolean("reconnect"));
      assertEquals(4010, bridgeOnB.awaitClose(WAIT));

      JsonObject pong = other.call(new JsonObject().put("op", "ping"), WAIT);
      assertEquals("pong", pong.getString("op"), "another user's connection stays open");
    }
  }

  @Test
  void a_user_subscribe_joins_every_socket_of_the_user_and_unsubscribe_revokes_the_room() {
    try (WsClient onA = ws(a(), "gil", List.of());
        WsClient bridgeOnB = bridge(b(), "gil", List.of())) {
      onA.next("welcome", WAIT);
      bridgeOnB.send(new JsonObject().put("type", "register").put("address", "user.gil"));

      JsonObject joined = ok(b().post("/api/users/gil/subscribe", rooms("ctl-r1").encode()));
      assertEquals(2, joined.getInteger("connections"), joined.encode());
      JsonObject subscribed = onA.next("subscribed", WAIT);
      assertEquals(new JsonArray().add("ctl-r1"), subscribed.getJsonArray("rooms"));
      assertEquals("ctl-r1", onA.next("snapshot", WAIT).getString("room"));
      JsonObject notice = nextRec(bridgeOnB, "user.gil");
      assertEquals("subscribed", notice.getJsonObject("body").getString("type"));
      assertEquals(
          new JsonArray().add("ctl-r1"),
          notice.getJsonObject("body").getJsonObject("data").getJsonArray("rooms"));

      a().publish("ctl-r1", new JsonObject().put("n", 1));
      assertEquals(1, nextEvent(onA, "message").getJsonObject("data").getInteger("n"));
      assertEquals(
          1, nextRec(bridgeOnB, "room.ctl-r1", "message").getJsonObject("data").getInteger("n"));

      JsonObject left = ok(a().post("/api/users/gil/unsubscribe", rooms("ctl-r1").encode()));
      assertEquals(2, left.getInteger("connections"), left.encode());
      assertEquals(
          new JsonArray().add("ctl-r1"), onA.next("unsubscribed", WAIT).getJsonArray("rooms"));
      assertEquals(
          "unsubscribed", nextRec(bridgeOnB, "user.gil").getJsonObject("body").getString("type"));

      // an event into the revoked room, then a push to the user's inbox: only the push arrives
      a().publish("ctl-r1", new JsonObject().put("n", 2));
      ok(a().post("/api/users/gil/events", new JsonObject().put("type", "after").encode()));
      JsonObject next = nextEvent(onA, null);
      assertEquals("after", next.getString("type"), next.encode());
      JsonObject bridged = nextRec(bridgeOnB, null);
      assertEquals("user.gil", bridged.getString("address"), bridged.encode());

      JsonObject again =
          onA.call(
              new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add("ctl-r1")),
              WAIT);
      assertEquals("error", again.getString("op"));
      assertEquals("forbidden", again.getString("code"), "a revoked room is refused");
    }
  }

  @Test
  void a_revoked_room_stops_reaching_a_socket_that_follows_it_through_its_token() {
    try (WsClient c = ws(b(), "hal", List.of("ctl-ns:*"))) {
      c.next("welcome", WAIT);
      JsonObject acked =
          c.call(
              new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add("ctl-ns:*")),
              WAIT);
      assertEquals("ack", acked.getString("op"), acked.encode());
      assertEquals(
          1,
          ok(a().post("/api/users/hal/unsubscribe", rooms("ctl-ns:1").encode()))
              .getInteger("connections"));
      c.next("unsubscribed", WAIT);
      a().publish("ctl-ns:1", new JsonObject().put("n", 1));
      a().publish("ctl-ns:2", new JsonObject().put("n", 2));
      JsonObject e = nextEvent(c, "message");
      assertEquals("ctl-ns:2", e.getString("room"), "the revoked room is skipped: " + e.encode());
    }
  }

  @Test
  void an_sse_stream_on_a_revoked_room_ends_with_forbidden() {
    String token = a().token("ivy", List.of("ctl-sse"), List.of());
    try (SseClient s = a().sse("/rooms/ctl-sse/events?token=" + token)) {
      assertEquals("snapshot", s.nextEvent(WAIT).event());
      JsonObject answer = ok(b().post("/api/users/ivy/unsubscribe", rooms("ctl-sse").encode()));
      assertEquals(1, answer.getInteger("connections"));
      JsonObject close = s.next("close", WAIT).json();
      assertEquals("forbidden", close.getString("code"));
      assertFalse(close.getBoolean("reconnect"));
    }
  }

  @Test
  void control_needs_the_api_key_and_valid_input() {
    String user = a().token("jo", List.of("*"), List.of("*"));
    assertCode(a().post("/api/users/jo/disconnect", "{}", user), 403, "forbidden");
    assertCode(a().post("/api/users/jo/disconnect", "{}", null), 401, "unauthorized");
    assertCode(a().post("/api/users/bad%20user/disconnect", "{}"), 400, "invalid_user");
    assertCode(
        a().post("/api/users/jo/disconnect", "{\"reconnect\":\"no\"}"), 400, "invalid_request");
    assertCode(
        a().post(
                "/api/users/jo/disconnect",
                new JsonObject().put("message", "x".repeat(257)).encode()),
        400,
        "invalid_request");
    assertCode(a().post("/api/users/jo/disconnect", "[]"), 400, "invalid_json");
    assertCode(a().post("/api/users/jo/subscribe", "{}"), 400, "invalid_request");
    assertCode(a().post("/api/users/jo/subscribe", rooms().encode()), 400, "invalid_request");
    assertCode(
        a().post("/api/users/jo/subscribe", rooms("ok", "bad room").encode()), 400, "invalid_room");
    assertCode(a().post("/api/users/jo/unsubscribe", rooms("ns:*").encode()), 400, "invalid_room");
    String[] many = new String[101];
    for (int i = 0; i < many.length; i++) {
      many[i] = "r" + i;
    }
    assertCode(a().post("/api/users/jo/subscribe", rooms(many).encode()), 400, "invalid_request");
    assertEquals(
        0,
        ok(a().post("/api/users/nobody/subscribe", rooms("r").encode())).getInteger("connections"));
    assertEquals(0, ok(a().post("/api/connections/c-nope/disconnect", "")).getInteger("closed"));
  }

  @Test
  void a_user_subscribe_reaches_a_sockjs_session_on_an_http_fallback_transport() {
    String token = "?token=" + a().token("xo", List.of(), List.of());
    String session = "/eventbus/555/ctlxhr/";
    assertEquals("o", Await.result(edgePost(a(), session + "xhr" + token)).bodyAsString().trim());
    JsonObject joined = ok(b().post("/api/users/xo/subscribe", rooms("ctl-x").encode()));
    assertEquals(1, joined.getInteger("connections"), joined.encode());
    List<JsonObject> seen = new ArrayList<>();
    // one poll open at a time, carried from one wait to the next: a second would be refused
    List<Future<HttpResponse<Buffer>>> poll =
        new ArrayList<>(List.of(edgePost(a(), session + "xhr" + token)));
    pollUntil(
        session + "xhr" + token,
        poll,
        seen,
        () -> seen.stream().anyMatch(m -> isNotice(m, "subscribed")),
        () -> {});
    pollUntil(
        session + "xhr" + token,
        poll,
        seen,
        () ->
            seen.stream()
                .anyMatch(
                    m ->
                        "room.ctl-x".equals(m.getString("address"))
                            && "message".equals(m.getJsonObject("body").getString("type"))),
        () -> a().publish("ctl-x", new JsonObject().put("via", "xhr")));
    JsonObject left = ok(b().post("/api/users/xo/unsubscribe", rooms("ctl-x").encode()));
    assertEquals(1, left.getInteger("connections"), left.encode());
    pollUntil(
        session + "xhr" + token,
        poll,
        seen,
        () -> seen.stream().anyMatch(m -> isNotice(m, "unsubscribed")),
        () -> {});
  }

  private static boolean isNotice(JsonObject m, String type) {
    return "user.xo".equals(m.getString("address"))
        && type.equals(m.getJsonObject("body").getString("type"));
  }

  /**
   * Polls the xhr transport (the one open poll in {@code poll}), collecting its bridge messages
   * into {@code seen}, until {@code done}; {@code nudge} runs every tenth check (a publish while
   * the poll waits).
   */
  private static void pollUntil(
      String path,
      List<Future<HttpResponse<Buffer>>> poll,
      List<JsonObject> seen,
      BooleanSupplier done,
      Runnable nudge) {
    int[] checks = {0};
    Await.until(
        WAIT,
        "bridge messages through the xhr transport",
        () -> {
          if (done.getAsBoolean()) {
            return true;
          }
          if (checks[0]++ % 10 == 0) {
            nudge.run();
          }
          if (!poll.get(0).isComplete()) {
            return false;
          }
          String frame = Await.result(poll.set(0, edgePost(a(), path))).bodyAsString().trim();
          if (frame.startsWith("a[")) { // else a heartbeat
            for (Object m : new JsonArray(frame.substring(1))) {
              seen.add(new JsonObject((String) m));
            }
          }
          return done.getAsBoolean();
        },
        seen::toString);
  }

  private static Future<HttpResponse<Buffer>> edgePost(TestNode node, String path) {
    WebClient once = WebClient.create(node.vertx(), new WebClientOptions().setKeepAlive(false));
    return once.post(node.node.edgePort(), "127.0.0.1", path)
        .sendBuffer(Buffer.buffer(""))
        .onComplete(r -> once.close());
  }

  /**
   * The next WebSocket event of {@code type}, skipping presence and join events; with null, the
   * next event that is none of those.
   */
  private static JsonObject nextEvent(WsClient c, String type) {
    while (true) {
      JsonObject e = c.next("event", WAIT);
      String t = e.getString("type");
      if (type != null
          ? type.equals(t)
          : !t.startsWith("presence.") && !t.equals("join") && !t.equals("leave")) {
        return e;
      }
    }
  }

  /**
   * The body of the next bridge {@code rec} on {@code address} carrying an event of {@code type}.
   */
  private static JsonObject nextRec(WsClient c, String address, String type) {
    while (true) {
      JsonObject body = nextRec(c, address).getJsonObject("body");
      if (type.equals(body.getString("type"))) {
        return body;
      }
    }
  }

  /** The next bridge {@code rec} on {@code address} (any address when null). */
  private static JsonObject nextRec(WsClient c, String address) {
    while (true) {
      JsonObject f = c.next(WAIT);
      if ("rec".equals(f.getString("type"))
          && (address == null || address.equals(f.getString("address")))) {
        return f;
      }
    }
  }
}

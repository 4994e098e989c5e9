package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.roomcast.core.client.CidIndex;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connection ids chosen by the client ({@code ?cid=}) on real nodes: every door names it, a newer
 * connection with the same user and cid replaces the older one anywhere in the cluster without a
 * presence flap, pushes find the connection by it, and a node that dies frees its cids.
 */
class ClientConnectionIdsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
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

  @Test
  void the_websocket_welcome_and_the_first_sse_frame_carry_the_cid() {
    TestNode a = a();
    String token = a.token("wendy", List.of("cid-doors"), List.of());
    try (WsClient ws = ws(a, token, "tab-1");
        SseClient room = a.sse("/rooms/cid-doors/events?token=" + token + "&cid=tab-2");
        SseClient inbox = a.sse("/users/me/events?token=" + token + "&cid=tab-3")) {
      JsonObject welcome = ws.next("welcome", WAIT);
      assertEquals("tab-1", welcome.getString("cid"), welcome.encode());
      assertEquals("wendy", welcome.getString("user"));
      JsonObject snapshot = room.next("snapshot", WAIT).json();
      assertEquals("tab-2", snapshot.getString("cid"), snapshot.encode());
      assertNotNull(snapshot.getString("connection"));
      JsonObject first = inbox.nextEvent(WAIT).json();
      assertEquals("tab-3", first.getString("cid"), first.encode());
    }
    try (WsClient plain = WsClient.connect(a.vertx(), a.node.edgePort(), token)) {
      assertFalse(plain.next("welcome", WAIT).containsKey("cid"));
    }
  }

  @Test
  void a_bridge_socket_with_a_cid_gets_pushes_by_it_and_is_replaced_by_a_newer_one() {
    TestNode a = a();
    TestNode b = b();
    String token = a.token("bram", List.of(), List.of());
    try (WsClient old =
        WsClient.connect(
            a.vertx(),
            a.node.edgePort(),
            "/eventbus/websocket?token=" + token + "&cid=dev",
            null)) {
      assertEquals("delivered", pushUntilDelivered(b, "bram", "dev").getString("result"));
      JsonObject rec = old.next(Duration.ofSeconds(30));
      assertEquals("user.bram", rec.getString("address"), rec.encode());

      try (RawWebSocket framed =
          RawWebSocket.open(
              b.vertx(),
              b.node.edgePort(),
              "/eventbus/7/cidsession/websocket?token=" + token + "&cid=dev",
              RawWebSocket.standard())) {
        assertEquals("o", framed.next(RawWebSocket.TEXT, WAIT).text());
        JsonObject farewell = old.next(WAIT);
        assertEquals("err", farewell.getString("type"), farewell.encode());
        assertEquals("replaced", farewell.getString("body"));
        assertEquals(4009, old.awaitClose(WAIT));
        // the index now names the SockJS socket on the other node
        pushUntilDelivered(a, "bram", "dev");
        String frame = framed.next(RawWebSocket.TEXT, WAIT).text();
        assertTrue(frame.startsWith("a[") && frame.contains("user.bram"), frame);
      }
    }
  }

  @Test
  void a_newer_websocket_replaces_the_older_one_on_the_same_node_and_the_room_sees_no_flap() {
    TestNode a = a();
    String room = "cid-flap-1";
    try (WsClient watcher = member(a, "watch1", room);
        WsClient old = member(a, "ulla", room, "laptop")) {
      eventsUntil(watcher, presence("presence.online", "ulla"));
      try (WsClient control = member(a, "ctl1", room)) {
        eventsUntil(watcher, presence("presence.online", "ctl1"));
        String oldId = old.next("welcome", WAIT).getString("connection");

        try (WsClient neu = member(a, "ulla", room, "laptop")) {
          JsonObject welcome = neu.next("welcome", WAIT);
          assertEquals("laptop", welcome.getString("cid"));
          assertNotEquals(oldId, welcome.getString("connection"));
          JsonObject farewell = old.next("error", WAIT);
          assertEquals("replaced", farewell.getString("code"), farewell.encode());
          assertEquals(false, farewell.getBoolean("reconnect"));
          assertEquals(4009, old.awaitClose(WAIT));
          noFlapOf("ulla", watcher, control, "ctl1");
        }
      }
    }
  }

  @Test
  void a_newer_connection_on_another_node_replaces_an_sse_stream_and_the_room_sees_no_flap() {
    TestNode a = a();
    TestNode b = b();
    String room = "cid-flap-2";
    String token = a.token("vera", List.of(room), List.of());
    try (WsClient watcher = member(b, "watch2", room);
        SseClient old = a.sse("/rooms/" + room + "/events?token=" + token + "&cid=phone")) {
      old.next("snapshot", WAIT);
      eventsUntil(watcher, presence("presence.online", "vera"));
      try (WsClient control = member(b, "ctl2", room)) {
        eventsUntil(watcher, presence("presence.online", "ctl2"));

        try (WsClient neu = member(b, "vera", room, "phone")) {
          assertEquals("phone", neu.next("welcome", WAIT).getString("cid"));
          JsonObject close = old.next("close", WAIT).json();
          assertEquals("replaced", close.getString("code"), close.encode());
          assertEquals(false, close.getBoolean("reconnect"));
          assertTrue(old.awaitEnd(WAIT));
          noFlapOf("vera", watcher, control, "ctl2");
        }
      }
    }
  }

  @Test
  void of_two_connections_opened_at_once_with_the_same_cid_exactly_one_survives() {
    TestNode a = a();
    TestNode b = b();
    String token = a.token("rita", List.of(), List.of());
    CompletableFuture<WsClient> first = CompletableFuture.supplyAsync(() -> ws(a, token, "same"));
    CompletableFuture<WsClient> second = CompletableFuture.supplyAsync(() -> ws(b, token, "same"));
    try (WsClient one = first.join();
        WsClient two = second.join()) {
      CompletableFuture<Short> oneClosed =
          CompletableFuture.supplyAsync(() -> one.awaitClose(WAIT));
      CompletableFuture<Short> twoClosed =
          CompletableFuture.supplyAsync(() -> two.awaitClose(WAIT));
      CompletableFuture.anyOf(oneClosed, twoClosed).join();
      WsClient survivor = oneClosed.isDone() ? two : one;
      short code = oneClosed.isDone() ? oneClosed.join() : twoClosed.join();
      assertEquals(4009, code);

      JsonObject pushed = push(a, "rita", "same", "note");
      assertEquals("delivered", pushed.getString("result"), pushed.encode());
      JsonObject event = survivor.next("event", WAIT);
      assertEquals(pushed.getString("id"), event.getString("id"));
      assertFalse(oneClosed.isDone() && twoClosed.isDone(), "both were closed");
    }
  }

  @Test
  void a_push_to_a_user_and_cid_on_another_node_answers_each_result() {
    TestNode a = a();
    TestNode b = b();
    String token = b.token("pia", List.of(), List.of());
    try (WsClient phone = ws(b, token, "phone")) {
      phone.next("welcome", WAIT);
      JsonObject delivered = push(a, "pia", "phone", "note");
      assertEquals("delivered", delivered.getString("result"), delivered.encode());
      assertNotNull(delivered.getString("id"));
      JsonObject event = phone.next("event", WAIT);
      assertEquals("note", event.getString("type"));
      assertEquals(delivered.getString("id"), event.getString("id"));

      JsonObject ack =
          phone.call(
              new JsonObject()
                  .put("op", "filter")
                  .put("patterns", new JsonArray().add("billing:*")),
              WAIT);
      assertEquals("ack", ack.getString("op"), ack.encode());
      assertEquals("filtered", push(a, "pia", "phone", "note").getString("result"));
      assertEquals("delivered", push(a, "pia", "phone", "billing:due").getString("result"));
      assertEquals("not_connected", push(a, "pia", "tablet", "note").getString("result"));
      assertEquals("not_connected", push(a, "nobody", "phone", "note").getString("result"));
    }
    // a connection that ends frees its cid
    Await.until(
        WAIT,
        "the closed connection's cid is free",
        () -> "not_connected".equals(push(a, "pia", "phone", "note").getString("result")));
  }

  @Test
  void a_push_that_overflows_the_connection_answers_send_failed() {
    String cluster = TestConfig.clusterName();
    try (TestNode x = TestNode.start(cluster);
        TestNode y = TestNode.start(cluster, c -> c.getJsonObject("edge").put("queueFrames", 8))) {
      String token = y.token("sam", List.of(), List.of());
      StallingSocket stalled =
          StallingSocket.open(y.vertx(), y.node.edgePort(), "/ws?token=" + token + "&cid=slow");
      try {
        Await.until(WAIT, "welcome", () -> stalled.saw("\"op\":\"welcome\""));
        stalled.stall();
        String blob = "x".repeat(30 * 1024);
        String result = "delivered";
        for (int i = 0; i < 5000 && result.equals("delivered"); i++) {
          HttpResponse<Buffer> r =
              x.post(
                  "/api/users/sam/connections/slow/events",
                  new JsonObject()
                      .put("type", "note")
                      .put("data", new JsonObject().put("blob", blob))
                      .encode());
          assertEquals(200, r.statusCode(), r.bodyAsString());
          result = r.bodyAsJsonObject().getString("result");
        }
        assertEquals("send_failed", result);
      } finally {
        stalled.close();
      }
    }
  }

  @Test
  void a_node_that_dies_frees_its_cids() {
    String cluster = TestConfig.clusterName();
    TestNode x = TestNode.start(cluster);
    TestNode y = TestNode.start(cluster);
    try {
      String token = y.token("dora", List.of(), List.of());
      try (WsClient gone = ws(y, token, "kiosk")) {
        String connection = gone.next("welcome", WAIT).getString("connection");
        assertEquals("delivered", push(x, "dora", "kiosk", "note").getString("result"));
        IMap<String, HazelcastJsonValue> index =
            Clusters.manager(x.vertx()).getHazelcastInstance().getMap(CidIndex.MAP);
        assertTrue(holds(index, connection));

        // the member dies without a goodbye: its Vert.x (and the socket) stay, its cluster is gone
        Clusters.manager(y.vertx()).getHazelcastInstance().getLifecycleService().terminate();
        Await.until(WAIT, "the dead node's cid entry removed", () -> !holds(index, connection));
        assertEquals("not_connected", push(x, "dora", "kiosk", "note").getString("result"));

        try (WsClient back = ws(x, token, "kiosk")) {
          assertEquals("kiosk", back.next("welcome", WAIT).getString("cid"));
          JsonObject pushed = push(x, "dora", "kiosk", "note");
          assertEquals("delivered", pushed.getString("result"), pushed.encode());
          assertEquals(pushed.getString("id"), back.next("event", WAIT).getString("id"));
        }
      }
    } finally {
      x.close();
      try {
        y.close();
      } catch (RuntimeException | AssertionError e) {
        // the killed node may not close cleanly
      }
    }
  }

  @Test
  void a_bad_cid_is_refused_with_400_before_any_stream_or_upgrade() {
    TestNode a = a();
    String token = a.token("bea", List.of("cid-bad"), List.of());
    for (String bad : List.of("", "has%20space", "x".repeat(65), "%C3%A9", "a/b")) {
      try (SseClient sse = a.sse("/rooms/cid-bad/events?token=" + token + "&cid=" + bad)) {
        assertEquals(400, sse.status(), bad);
        assertEquals(
            "invalid_request", sse.errorBody().getJsonObject("error").getString("code"), bad);
      }
      try (SseClient inbox = a.sse("/users/me/events?token=" + token + "&cid=" + bad)) {
        assertEquals(400, inbox.status(), bad);
      }
      for (String path : List.of("/ws", "/eventbus/websocket", "/eventbus/1/s/websocket")) {
        UpgradeRejectedException refused =
            assertThrows(
                UpgradeRejectedException.class,
                () ->
                    WsClient.connect(
                        a.vertx(),
                        a.node.edgePort(),
                        path + "?token=" + token + "&cid=" + bad,
                        null),
                path + " " + bad);
        assertEquals(400, refused.getStatus(), path + " " + bad);
        assertTrue(refused.getBody().toString().contains("invalid_request"), path);
      }
      HttpResponse<Buffer> fallback =
          edgePost(a, "/eventbus/1/xs/xhr?token=" + token + "&cid=" + bad);
      assertEquals(400, fallback.statusCode(), bad);
    }
    String longCid = "y".repeat(65);
    assertCode(
        a.post("/api/users/bea/connections/" + longCid + "/events", note()), "invalid_request");
    assertCode(a.post("/api/users/bea/connections/a%20b/events", note()), "invalid_request");
    assertCode(a.post("/api/users/a..b/connections/tab/events", note()), "invalid_user");
    assertEquals(403, a.post("/api/users/bea/connections/tab/events", note(), token).statusCode());
    // 64 characters is the longest cid
    assertEquals("not_connected", push(a, "bea", "z".repeat(64), "note").getString("result"));
  }

  @Test
  void the_http_fallback_transports_take_a_cid_too() {
    TestNode a = a();
    String token = a.token("flo", List.of(), List.of());
    String session = "/eventbus/9/cidxhr/xhr?token=" + token + "&cid=desk";
    assertEquals("o", edgePost(a, session).bodyAsString().trim());
    assertEquals("delivered", pushUntilDelivered(a, "flo", "desk").getString("result"));
    String frame = edgePost(a, session).bodyAsString();
    assertTrue(frame.startsWith("a[") && frame.contains("user.flo"), frame);
  }

  // ---- helpers ----

  private static WsClient ws(TestNode n, String token, String cid) {
    return WsClient.connect(
        n.vertx(), n.node.edgePort(), "/ws?token=" + token + "&cid=" + cid, null);
  }

  /** A WebSocket of {@code user} subscribed to {@code room} (its welcome stays queued). */
  private static WsClient member(TestNode n, String user, String room) {
    return member(n, user, room, null);
  }

  private static WsClient member(TestNode n, String user, String room, String cid) {
    String token = n.token(user, List.of(room), List.of());
    WsClient c =
        cid == null ? WsClient.connect(n.vertx(), n.node.edgePort(), token) : ws(n, token, cid);
    JsonObject ack =
        c.call(
            new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add(room)), WAIT);
    assertEquals("ack", ack.getString("op"), ack.encode());
    return c;
  }

  private static Predicate<JsonObject> presence(String type, String user) {
    return e -> type.equals(e.getString("type")) && user.equals(e.getString("user"));
  }

  /** The events {@code c} receives up to and including the first that {@code last} matches. */
  private static List<JsonObject> eventsUntil(WsClient c, Predicate<JsonObject> last) {
    List<JsonObject> seen = new ArrayList<>();
    while (true) {
      JsonObject e = c.next("event", WAIT);
      seen.add(e);
      if (last.test(e)) {
        return seen;
      }
    }
  }

  /**
   * After the replacement, {@code control} leaves the room: its offline comes one grace period
   * later, by when an offline of {@code user} (whose old connection left earlier) would have come
   * too. The watcher sees neither {@code presence.offline} nor {@code leave} of {@code user}.
   */
  private static void noFlapOf(
      String user, WsClient watcher, WsClient control, String controlUser) {
    control.close();
    List<JsonObject> seen = eventsUntil(watcher, presence("leave", controlUser));
    JsonObject more;
    while ((more = watcher.poll(Duration.ofSeconds(1))) != null) {
      seen.add(more);
    }
    for (JsonObject e : seen) {
      boolean gone = presence("presence.offline", user).test(e) || presence("leave", user).test(e);
      assertFalse(gone, "the room saw " + user + " go: " + e.encode());
    }
  }

  private static JsonObject push(TestNode n, String user, String cid, String type) {
    HttpResponse<Buffer> r =
        n.post(
            "/api/users/" + user + "/connections/" + cid + "/events",
            new JsonObject().put("type", type).put("data", new JsonObject().put("k", 1)).encode());
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** The claim is made as the connection opens: push until the index names it. */
  private static JsonObject pushUntilDelivered(TestNode n, String user, String cid) {
    JsonObject[] last = new JsonObject[1];
    Await.until(
        WAIT,
        "a push to " + user + "/" + cid + " delivered",
        () -> "delivered".equals((last[0] = push(n, user, cid, "note")).getString("result")),
        () -> String.valueOf(last[0]));
    return last[0];
  }

  /**
   * A POST on a connection of its own: vertx-web's xhr transport closes the connection after each
   * poll's answer.
   */
  private static HttpResponse<Buffer> edgePost(TestNode n, String path) {
    WebClient once = WebClient.create(n.vertx(), new WebClientOptions().setKeepAlive(false));
    try {
      return Await.result(once.post(n.node.edgePort(), "127.0.0.1", path).send());
    } finally {
      once.close();
    }
  }

  private static boolean holds(IMap<String, HazelcastJsonValue> index, String connection) {
    return index.values().stream().anyMatch(v -> v.getValue().contains(connection));
  }

  private static String note() {
    return "{\"type\":\"note\"}";
  }

  private static void assertCode(HttpResponse<Buffer> r, String code) {
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }
}

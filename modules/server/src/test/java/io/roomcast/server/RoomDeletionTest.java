package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting a room ends its subscriptions on every node and every transport, and drops its presence
 * and history; two nodes of one cluster with {@code rooms.requireCreated} on.
 */
class RoomDeletionTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static List<TestNode> nodes;

  @BeforeAll
  static void start() {
    String cluster = TestConfig.clusterName();
    nodes =
        List.of(
            TestNode.start(cluster, RoomDeletionTest::requireCreated),
            TestNode.start(cluster, RoomDeletionTest::requireCreated));
  }

  private static void requireCreated(JsonObject config) {
    config.put("rooms", new JsonObject().put("requireCreated", true));
  }

  @AfterAll
  static void stop() {
    nodes.forEach(TestNode::close);
  }

  @Test
  void deleting_a_room_ends_its_subscriptions_on_both_nodes_and_drops_presence_and_history()
      throws Exception {
    TestNode a = nodes.get(0);
    TestNode b = nodes.get(1);
    assertEquals(201, send(a, "PUT", "/api/rooms/doomed").statusCode());
    assertEquals(201, send(a, "PUT", "/api/rooms/kept").statusCode());
    String stored = a.publish("doomed", new JsonObject().put("text", "stored")).getString("id");

    List<AutoCloseable> open = new ArrayList<>();
    try {
      // the same user streams on both nodes: six connections, five users
      SseClient sseA = sse(a, "del-sse", open);
      SseClient sseB = sse(b, "del-sse", open);
      WsClient wsA = ws(a, "del-ws-a", open);
      WsClient wsB = ws(b, "del-ws-b", open);
      WsClient bridgeA = bridge(a, "del-sj-a", open);
      XhrBridge xhrB = XhrBridge.open(b, "deletion", token(b, "del-xhr"));
      xhrB.send(register("room.doomed"));
      xhrB.send(register("room.kept"));
      Await.until(
          WAIT,
          "all six connections counted in the room",
          () -> info(b).getInteger("subscribers") == 6 && info(a).getInteger("users") == 5);
      Await.until(WAIT, "the room's presence", () -> presenceUsers(a) == 5);
      JsonObject receipt = new JsonObject().put("user", "del-ws-a").put("event_id", stored);
      assertEquals(202, a.post("/api/rooms/doomed/read", receipt.encode()).statusCode());
      Await.until(WAIT, "the receipt", () -> presence(b).getJsonArray("receipts").size() == 1);

      assertEquals(204, send(b, "DELETE", "/api/rooms/doomed").statusCode());

      for (SseClient sse : List.of(sseA, sseB)) {
        JsonObject close = sse.next("close", WAIT).json();
        assertEquals("room_deleted", close.getString("code"));
        assertFalse(close.getBoolean("reconnect"));
        assertTrue(sse.awaitEnd(WAIT));
      }
      for (WsClient ws : List.of(wsA, wsB)) {
        JsonObject error = ws.next("error", WAIT);
        assertEquals("room_deleted", error.getString("code"));
        assertEquals("doomed", error.getString("room"));
        assertEquals("pong", ws.call(new JsonObject().put("op", "ping"), WAIT).getString("op"));
      }
      JsonObject err = nextErr(bridgeA);
      assertEquals("room_deleted", err.getString("body"));
      assertEquals("doomed", err.getString("room"));
      JsonObject xhrErr = xhrB.next(m -> "err".equals(m.getString("type")), WAIT);
      assertEquals("room_deleted", xhrErr.getString("body"));
      assertEquals("doomed", xhrErr.getString("room"));

      Await.until(
          WAIT,
          "the room's presence and receipts dropped",
          () -> presenceUsers(b) == 0 && presence(a).getJsonArray("receipts").isEmpty());
      assertEquals(404, send(a, "GET", "/api/rooms/doomed").statusCode());

      // created again: empty, and the old subscriptions are gone for good
      assertEquals(201, send(b, "PUT", "/api/rooms/doomed").statusCode());
      JsonObject history = a.get("/api/rooms/doomed/history").bodyAsJsonObject();
      assertEquals(0, history.getJsonArray("events").size());
      assertEquals(0, info(a).getInteger("subscribers"));
      JsonObject again = a.publish("doomed", new JsonObject().put("text", "after"));
      assertEquals(1L, again.getLong("seq"));
      String barrier = a.publish("kept", new JsonObject().put("text", "barrier")).getString("id");
      JsonObject event;
      do {
        event = wsA.next("event", WAIT);
        assertEquals("kept", event.getString("room"), event.encode());
      } while (!barrier.equals(event.getString("id")));
      JsonObject rec;
      do {
        rec = nextRec(bridgeA);
        assertEquals("room.kept", rec.getString("address"), rec.encode());
      } while (!barrier.equals(rec.getJsonObject("body").getString("id")));
      // vertx-web's bridge keeps its registration: nothing of the deleted room comes through it
      xhrB.next(
          m -> {
            if (!"rec".equals(m.getString("type"))) {
              return false;
            }
            assertEquals("room.kept", m.getString("address"), m.encode());
            return barrier.equals(m.getJsonObject("body").getString("id"));
          },
          WAIT);
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  private static SseClient sse(TestNode node, String user, List<AutoCloseable> open) {
    SseClient sse = node.sse("/rooms/doomed/events?token=" + token(node, user));
    open.add(sse);
    assertEquals(200, sse.status());
    sse.next("snapshot", WAIT);
    return sse;
  }

  private static WsClient ws(TestNode node, String user, List<AutoCloseable> open) {
    WsClient ws = WsClient.connect(node.vertx(), node.node.edgePort(), token(node, user));
    open.add(ws);
    ws.next("welcome", WAIT);
    JsonObject subscribe =
        new JsonObject()
            .put("op", "subscribe")
            .put("rooms", new JsonArray().add("doomed").add("kept"));
    assertEquals("ack", ws.call(subscribe, WAIT).getString("op"));
    return ws;
  }

  private static WsClient bridge(TestNode node, String user, List<AutoCloseable> open) {
    WsClient bridge =
        WsClient.connect(
            node.vertx(),
            node.node.edgePort(),
            "/eventbus/websocket?token=" + token(node, user),
            null);
    open.add(bridge);
    bridge.send(register("room.doomed"));
    bridge.send(register("room.kept"));
    BridgeProbes.untilSeen(node, "kept", bridge, () -> true, WAIT);
    return bridge;
  }

  private static String token(TestNode node, String user) {
    return node.token(user, List.of("doomed", "kept"), List.of());
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }

  private static JsonObject nextErr(WsClient bridge) {
    while (true) {
      JsonObject f = bridge.next(WAIT);
      if ("err".equals(f.getString("type"))) {
        return f;
      }
    }
  }

  /** The next delivered event, skipping presence signals. */
  private static JsonObject nextRec(WsClient bridge) {
    while (true) {
      JsonObject f = bridge.next(WAIT);
      if ("rec".equals(f.getString("type"))
          && "message".equals(f.getJsonObject("body").getString("type"))) {
        return f;
      }
    }
  }

  private static JsonObject info(TestNode node) {
    HttpResponse<Buffer> r = node.get("/api/rooms/doomed");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static int presenceUsers(TestNode node) {
    return presence(node).getJsonArray("users").size();
  }

  private static JsonObject presence(TestNode node) {
    return node.get("/api/rooms/doomed/presence").bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> send(TestNode node, String method, String path) {
    return Await.result(
        node.http
            .request(HttpMethod.valueOf(method), node.node.apiPort(), "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + TestConfig.API_KEY)
            .send());
  }
}

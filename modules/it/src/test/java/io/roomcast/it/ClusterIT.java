package io.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three roomcast nodes as separate JVMs from the fat jar. The failure tests run last and in order:
 * SIGTERM and restart of node 3, then kill -9 of node 3, then its restart and rejoin.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static LocalCluster cluster;
  private static NodeProcess n1;
  private static NodeProcess n2;
  private static NodeProcess n3;

  @BeforeAll
  static void start() {
    cluster = LocalCluster.start(3);
    n1 = cluster.node(1);
    n2 = cluster.node(2);
    n3 = cluster.node(3);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void an_event_published_on_one_node_reaches_sse_and_websocket_subscribers_on_the_other_two() {
    String token = cluster.token("alice", List.of("cross"));
    try (SseClient sse = sse(n2, "cross", token);
        WsClient ws = ws(n3, token, "cross")) {
      JsonObject accepted = cluster.publish(n1, "cross", new JsonObject().put("n", 1));
      assertEquals(accepted.getString("id"), named(sse, "message").json().getString("id"));
      assertEquals(accepted.getString("id"), nextMessage(ws).getString("id"));
    }
  }

  @Test
  @Order(2)
  void events_from_one_publisher_keep_their_order_on_every_node() {
    String token = cluster.token("olga", List.of("ordered"));
    int count = 200;
    try (SseClient onA = sse(n1, "ordered", token);
        SseClient onB = sse(n2, "ordered", token);
        WsClient onC = ws(n3, token, "ordered")) {
      List<Long> seqs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        seqs.add(cluster.publish(n2, "ordered", new JsonObject().put("n", i)).getLong("seq"));
      }
      for (int i = 0; i < count; i++) {
        SseClient.Event a = named(onA, "message");
        SseClient.Event b = named(onB, "message");
        JsonObject c = nextMessage(onC);
        assertEquals(i, a.json().getJsonObject("data").getInteger("n"), "node1, event " + i);
        assertEquals(i, b.json().getJsonObject("data").getInteger("n"), "node2, event " + i);
        assertEquals(i, c.getJsonObject("data").getInteger("n"), "node3, event " + i);
        assertEquals(seqs.get(i), c.getLong("seq"));
      }
    }
  }

  @Test
  @Order(3)
  void a_user_push_through_one_node_reaches_the_users_sockets_on_the_others() {
    String token = cluster.token("carol", List.of());
    try (WsClient onB = WsClient.connect(cluster.vertx, n2.edgePort, token);
        WsClient onC = WsClient.connect(cluster.vertx, n3.edgePort, token)) {
      onB.next("welcome", WAIT);
      onC.next("welcome", WAIT);
      JsonObject r =
          cluster
              .post(n1, "/api/users/carol/events", new JsonObject().put("type", "billing"))
              .bodyAsJsonObject();
      assertEquals(2, r.getInteger("delivered"), r.encode());
      assertEquals("billing", onB.next("event", WAIT).getString("type"));
      assertEquals("billing", onC.next("event", WAIT).getString("type"));
    }
  }

  @Test
  @Order(4)
  void a_connection_push_through_one_node_reaches_a_socket_held_by_another() {
    try (WsClient ws =
        WsClient.connect(cluster.vertx, n3.edgePort, cluster.token("dan", List.of()))) {
      String id = ws.next("welcome", WAIT).getString("connection");
      JsonObject r =
          cluster
              .post(n1, "/api/connections/" + id + "/events", new JsonObject().put("type", "hi"))
              .bodyAsJsonObject();
      assertEquals("delivered", r.getString("result"), r.encode());
      assertEquals("hi", ws.next("event", WAIT).getString("type"));
    }
  }

  @Test
  @Order(5)
  void a_user_present_through_one_node_is_seen_from_every_node() {
    try (SseClient sse = sse(n3, "seen", cluster.token("erin", List.of("seen")))) {
      for (NodeProcess node : cluster.nodes) {
        Await.until(
            WAIT, "erin present seen from " + node.name, () -> present(node, "seen", "erin"));
      }
    }
    for (NodeProcess node : cluster.nodes) {
      Await.until(WAIT, "erin gone seen from " + node.name, () -> !present(node, "seen", "erin"));
    }
  }

  @Test
  @Order(6)
  void a_cid_taken_on_a_third_node_replaces_the_holder_on_another_and_pushes_follow_it() {
    String token = cluster.token("cara", List.of("cid-room"));
    try (SseClient watcher = sse(n1, "cid-room", cluster.token("watch", List.of("cid-room")));
        WsClient first = cidSocket(n2, token, "phone")) {
      first.call(
          new JsonObject().put("op", "subscribe").put("rooms", new JsonArray(List.of("cid-room"))),
          WAIT);
      Await.until(WAIT, "cara present", () -> present(n1, "cid-room", "cara"));
      assertEquals("delivered", pushToCid(n1, "cara", "phone"), "the push reaches node 2");
      assertEquals("hi", nextOfType(first, "hi").getString("type"));
      try (WsClient second = cidSocket(n3, token, "phone")) {
        assertEquals(4009, first.awaitClose(WAIT), "the holder on node 2 is replaced");
        second.call(
            new JsonObject()
                .put("op", "subscribe")
                .put("rooms", new JsonArray(List.of("cid-room"))),
            WAIT);
        assertEquals("delivered", pushToCid(n1, "cara", "phone"), "the push follows the cid");
        assertEquals("hi", nextOfType(second, "hi").getString("type"));
        // the takeover within the grace period is no offline for the room
        String marker =
            cluster.publish(n1, "cid-room", new JsonObject().put("marker", 1)).getString("id");
        SseClient.Event e;
        do {
          e = watcher.nextEvent(WAIT);
          assertTrue(!isOffline(e, "cara"), "cara went offline during the takeover");
        } while (!marker.equals(e.json().getString("id")));
      }
    }
  }

  @Test
  @Order(6)
  void every_node_serves_health_and_prometheus_metrics() {
    try (SseClient sse = sse(n2, "metered", cluster.token("mo", List.of("metered")))) {
      cluster.publish(n1, "metered", new JsonObject());
      named(sse, "message");
      for (NodeProcess node : cluster.nodes) {
        assertEquals(200, cluster.get(node, "/health").statusCode(), node.name);
        assertEquals(3.0, cluster.gauge(node, "roomcast_cluster_members"), node.name);
      }
      assertEquals(1.0, cluster.gauge(n2, "roomcast_connections{transport=\"sse\"}"));
      assertEquals(1.0, cluster.gauge(n2, "roomcast_hub_topics{kind=\"room\"}"));
      assertTrue(cluster.gauge(n1, "roomcast_events_published_total{kind=\"durable\"}") >= 1);
      assertTrue(cluster.gauge(n2, "roomcast_events_delivered_total") >= 1);
      for (NodeProcess node : cluster.nodes) {
        assertTrue(cluster.gauge(node, "roomcast_presence_entries") >= 0, node.name);
      }
      Await.until(
          WAIT,
          "the open stream among the cluster's presence entries",
          () ->
              cluster.nodes.stream()
                      .mapToDouble(n -> cluster.gauge(n, "roomcast_presence_entries"))
                      .sum()
                  >= 1);
      String metrics = cluster.get(n2, "/metrics").bodyAsString();
      assertTrue(metrics.contains("vertx_http_server_active_connections"), metrics);
      assertTrue(metrics.contains("jvm_memory_used_bytes"), metrics);
      assertFalse(metrics.contains("vertx_eventbus_"), "bus meters are off: " + metrics);
    }
  }

  @Test
  @Order(6)
  void a_stream_of_three_rooms_resumes_them_all_on_another_node_with_its_cursor() {
    List<String> rooms = List.of("mux-a", "mux-b", "mux-c");
    String path = "/events?rooms=mux-a,mux-b,mux-c&token=" + cluster.token("mia", rooms);
    List<NodeProcess> publishers = List.of(n1, n2, n1);
    String cursor;
    try (SseClient sse = SseClient.open(cluster.vertx, n3.edgePort, path)) {
      assertEquals(200, sse.status());
      for (String room : rooms) {
        assertEquals(room, named(sse, "snapshot").json().getString("room"));
      }
      for (int i = 0; i < rooms.size(); i++) {
        cluster.publish(publishers.get(i), rooms.get(i), new JsonObject().put("n", 0));
      }
      SseClient.Event last = null;
      for (int i = 0; i < rooms.size(); i++) {
        last = named(sse, "message");
      }
      cursor = last.id();
    }
    List<String> missed = new ArrayList<>();
    for (int n = 1; n <= 2; n++) {
      for (int i = 0; i < rooms.size(); i++) {
        JsonObject accepted =
            cluster.publish(publishers.get(i), rooms.get(i), new JsonObject().put("n", n));
        missed.add(rooms.get(i) + "#" + accepted.getLong("seq"));
      }
    }
    try (SseClient sse = SseClient.open(cluster.vertx, n2.edgePort, path, cursor)) {
      assertEquals(200, sse.status());
      Set<String> got = new HashSet<>();
      for (int i = 0; i < missed.size(); i++) {
        JsonObject e = named(sse, "message").json();
        assertTrue(got.add(e.getString("room") + "#" + e.getLong("seq")), "repeated: " + e);
      }
      assertEquals(new HashSet<>(missed), got, "exactly what each room missed");
      JsonObject live = cluster.publish(n3, "mux-b", new JsonObject().put("n", 3));
      assertEquals(live.getString("id"), named(sse, "message").json().getString("id"));
    }
  }

  @Test
  @Order(7)
  void sigterm_during_traffic_loses_no_accepted_event_for_subscribers_on_surviving_nodes()
      throws Exception {
    String token = cluster.token("sam", List.of("drain"));
    try (SseClient onA = sse(n1, "drain", token);
        SseClient onB = sse(n2, "drain", token)) {
      Set<String> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
      AtomicBoolean stop = new AtomicBoolean();
      Thread publisher =
          new Thread(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  try { // into the node going down, as long as it accepts
                    JsonObject r = cluster.publish(n3, "drain", new JsonObject().put("n", i));
                    accepted.add(r.getString("id"));
                  } catch (RuntimeException | AssertionError refused) {
                    // refused or cut off: not accepted, nothing to deliver
                  }
                }
              },
              "it-publisher");
      publisher.start();
      Await.until(WAIT, "traffic flows", () -> accepted.size() >= 50);
      n3.terminate(60);
      stop.set(true);
      publisher.join(30_000);
      String marker =
          cluster.publish(n1, "drain", new JsonObject().put("marker", true)).getString("id");
      for (SseClient sub : List.of(onA, onB)) {
        Set<String> got = new HashSet<>();
        String id;
        do {
          id = named(sub, "message").json().getString("id");
          got.add(id);
        } while (!id.equals(marker));
        Set<String> lost = new HashSet<>(accepted);
        lost.removeAll(got);
        assertTrue(lost.isEmpty(), lost.size() + " of " + accepted.size() + " accepted lost");
      }
    }
    n3.start().awaitReady(LocalCluster.START_SECONDS);
    cluster.nodes.forEach(n -> cluster.awaitMembers(n, 3));
  }

  @Test
  @Order(8)
  void kill_9_of_a_node_sends_its_users_offline_once_and_the_survivors_keep_delivering() {
    String room = "killed";
    try (SseClient watcher = sse(n1, room, cluster.token("watcher", List.of(room)));
        SseClient survivor = sse(n2, room, cluster.token("sue", List.of(room)));
        SseClient victim = sse(n3, room, cluster.token("vic", List.of(room)));
        WsClient tablet = cidSocket(n3, cluster.token("vic", List.of()), "tablet")) {
      Await.until(WAIT, "vic present", () -> present(n1, room, "vic"));
      assertEquals("delivered", pushToCid(n1, "vic", "tablet"));
      n3.kill();
      assertTrue(victim.awaitEnd(WAIT), "the killed node's stream ended");
      // the survivors clean the dead node's cids out of the index
      Await.until(
          Duration.ofSeconds(30),
          "vic's tablet cid freed",
          () -> "not_connected".equals(pushToCid(n1, "vic", "tablet")));
      Await.until(Duration.ofSeconds(30), "vic gone", () -> !present(n1, room, "vic"));
      // the offline event comes after the grace period; wait for it, then a marker proves no
      // second one follows
      SseClient.Event e = watcher.nextEvent(WAIT);
      while (!isOffline(e, "vic")) {
        e = watcher.nextEvent(WAIT);
      }
      String marker =
          cluster.publish(n2, room, new JsonObject().put("after", "kill")).getString("id");
      int again = 0;
      do {
        e = watcher.nextEvent(WAIT);
        if (isOffline(e, "vic")) {
          again++;
        }
      } while (!marker.equals(e.json().getString("id")));
      assertEquals(0, again, "presence.offline events for the killed node's user after the first");
      assertEquals(marker, named(survivor, "message").json().getString("id"));
      for (NodeProcess node : List.of(n1, n2)) {
        cluster.awaitMembers(node, 2);
        var health = cluster.get(node, "/health");
        assertEquals(200, health.statusCode(), node.name + ": " + health.bodyAsString());
      }
    }
    try (SseClient again = sse(n2, room, cluster.token("vic", List.of(room)))) {
      JsonObject r = cluster.publish(n1, room, new JsonObject().put("welcome", "back"));
      assertEquals(r.getString("id"), named(again, "message").json().getString("id"));
    }
  }

  @Test
  @Order(9)
  void a_restarted_node_rejoins_and_serves() {
    n3.start().awaitReady(LocalCluster.START_SECONDS);
    cluster.nodes.forEach(n -> cluster.awaitMembers(n, 3));
    String token = cluster.token("ray", List.of("rejoined"));
    try (SseClient onC = sse(n3, "rejoined", token);
        WsClient wsC = ws(n3, token, "rejoined")) {
      JsonObject r = cluster.publish(n1, "rejoined", new JsonObject().put("n", 1));
      assertEquals(r.getString("id"), named(onC, "message").json().getString("id"));
      assertEquals(r.getString("id"), nextMessage(wsC).getString("id"));
      Await.until(WAIT, "ray seen from node1", () -> present(n1, "rejoined", "ray"));
      JsonObject back = cluster.publish(n3, "rejoined", new JsonObject().put("n", 2));
      assertEquals(back.getString("id"), named(onC, "message").json().getString("id"));
    }
  }

  /** A {@code /ws} socket with the client-chosen {@code cid}, welcomed with it. */
  private static WsClient cidSocket(NodeProcess node, String token, String cid) {
    WsClient ws =
        WsClient.connect(cluster.vertx, node.edgePort, "/ws?token=" + token + "&cid=" + cid, null);
    assertEquals(cid, ws.next("welcome", WAIT).getString("cid"));
    return ws;
  }

  /** The next event of {@code type}, skipping the room's presence events. */
  private static JsonObject nextOfType(WsClient ws, String type) {
    JsonObject e = ws.next("event", WAIT);
    while (!type.equals(e.getString("type"))) {
      e = ws.next("event", WAIT);
    }
    return e;
  }

  /** Pushes {@code hi} to (user, cid) through {@code node}; the answer's result. */
  private static String pushToCid(NodeProcess node, String user, String cid) {
    return cluster
        .post(
            node,
            "/api/users/" + user + "/connections/" + cid + "/events",
            new JsonObject().put("type", "hi"))
        .bodyAsJsonObject()
        .getString("result");
  }

  private static SseClient sse(NodeProcess node, String room, String token) {
    SseClient sse =
        SseClient.open(cluster.vertx, node.edgePort, "/rooms/" + room + "/events?token=" + token);
    assertEquals(200, sse.status(), node.name + " refused the stream");
    named(sse, "snapshot");
    return sse;
  }

  private static WsClient ws(NodeProcess node, String token, String room) {
    WsClient ws = WsClient.connect(cluster.vertx, node.edgePort, token);
    ws.next("welcome", WAIT);
    JsonObject ack =
        ws.call(
            new JsonObject().put("op", "subscribe").put("rooms", new JsonArray(List.of(room))),
            WAIT);
    assertEquals("ack", ack.getString("op"), ack.encode());
    return ws;
  }

  private static boolean isOffline(SseClient.Event e, String user) {
    return "presence.offline".equals(e.event()) && user.equals(e.json().getString("user"));
  }

  /** The next SSE event called {@code event}, skipping others (presence, comments...). */
  private static SseClient.Event named(SseClient sse, String event) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      SseClient.Event e =
          sse.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (event.equals(e.event())) {
        return e;
      }
    }
  }

  private static JsonObject nextMessage(WsClient ws) {
    JsonObject e = ws.next("event", WAIT);
    while (!"message".equals(e.getString("type"))) {
      e = ws.next("event", WAIT);
    }
    return e;
  }

  /** Whether {@code GET /api/rooms/{room}/presence} on {@code node} lists {@code user}. */
  private static boolean present(NodeProcess node, String room, String user) {
    JsonObject body = cluster.get(node, "/api/rooms/" + room + "/presence").bodyAsJsonObject();
    JsonArray users = body.getJsonArray("users", new JsonArray());
    for (int i = 0; i < users.size(); i++) {
      if (user.equals(users.getJsonObject(i).getString("user"))) {
        return true;
      }
    }
    return false;
  }
}

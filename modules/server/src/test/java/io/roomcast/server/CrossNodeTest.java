package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two clustered nodes in one JVM: every path crosses the Hazelcast-clustered bus. */
class CrossNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static TestNode a;
  private static TestNode b;

  @BeforeAll
  static void start() {
    String cluster = TestConfig.clusterName();
    a = TestNode.start(cluster);
    b = TestNode.start(cluster);
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
  }

  @Test
  void an_event_published_on_one_node_reaches_sse_and_websocket_subscribers_on_the_other() {
    String token = b.token("alice", List.of("x-room"), List.of());
    try (SseClient sse = b.sse("/rooms/x-room/events?token=" + token);
        WsClient ws = WsClient.connect(b.vertx(), b.node.edgePort(), token)) {
      sse.nextEvent(WAIT);
      ws.call(
          new JsonObject().put("op", "subscribe").put("rooms", new JsonArray(List.of("x-room"))),
          WAIT);
      JsonObject accepted = a.publish("x-room", new JsonObject().put("n", 1));
      assertEquals(accepted.getString("id"), sse.next("message", WAIT).json().getString("id"));
      JsonObject e = ws.next("event", WAIT);
      while (!"message".equals(e.getString("type"))) {
        e = ws.next("event", WAIT);
      }
      assertEquals(accepted.getString("id"), e.getString("id"));
    }
  }

  @Test
  void seq_is_one_sequence_across_nodes() {
    Set<Long> seqs = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      seqs.add((i % 2 == 0 ? a : b).publish("shared-seq", new JsonObject()).getLong("seq"));
    }
    assertEquals(20, seqs.size());
    for (long s = 1; s <= 20; s++) {
      assertTrue(seqs.contains(s), "seq " + s);
    }
  }

  @Test
  void a_connection_push_through_one_node_reaches_a_socket_held_by_the_other() {
    try (WsClient ws =
        WsClient.connect(b.vertx(), b.node.edgePort(), b.token("bob", List.of(), List.of()))) {
      String id = ws.next(WAIT).getString("connection");
      JsonObject r =
          a.post("/api/connections/" + id + "/events", "{\"type\":\"hello\"}").bodyAsJsonObject();
      assertEquals("delivered", r.getString("result"));
      assertEquals("hello", ws.next("event", WAIT).getString("type"));
    }
  }

  @Test
  void a_user_push_counts_connections_on_every_node() {
    try (WsClient onA =
            WsClient.connect(a.vertx(), a.node.edgePort(), a.token("carol", List.of(), List.of()));
        WsClient onB =
            WsClient.connect(
                b.vertx(), b.node.edgePort(), b.token("carol", List.of(), List.of()))) {
      onA.next(WAIT);
      onB.next(WAIT);
      JsonObject r = a.post("/api/users/carol/events", "{\"type\":\"ping\"}").bodyAsJsonObject();
      assertEquals(2, r.getInteger("delivered"), r.encode());
      assertEquals("ping", onA.next("event", WAIT).getString("type"));
      assertEquals("ping", onB.next("event", WAIT).getString("type"));
    }
  }

  @Test
  void the_java_api_subscribes_on_one_node_to_events_published_on_the_other() throws Exception {
    RoomcastClient onA = a.node.client();
    RoomcastClient onB = b.node.client();
    BlockingQueue<Envelope> got = new LinkedBlockingQueue<>();
    String sub = Await.result(onA.subscribe("api-room", got::add));
    Envelope sent =
        Await.result(
            onB.publish(
                new EventDraft(
                    "api-room", "message", new JsonObject().put("k", "v"), "svc", null)));
    Envelope received = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(sent.id(), received.id());
    assertEquals(sent.seq(), received.seq());
    Await.result(onA.unsubscribe(sub));
    BlockingQueue<Envelope> barrier = new LinkedBlockingQueue<>();
    Await.result(onA.subscribe("api-room", barrier::add));
    Envelope marker =
        Await.result(onB.publish(new EventDraft("api-room", "message", null, "svc", null)));
    assertEquals(marker.id(), barrier.poll(WAIT.toSeconds(), TimeUnit.SECONDS).id());
    assertTrue(got.isEmpty(), "the unsubscribed handler got nothing");
  }
}

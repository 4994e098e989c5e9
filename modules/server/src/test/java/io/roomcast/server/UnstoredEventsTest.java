package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.SseClient;
import io.roomcast.testing.SseClient.Event;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code store: false}: events delivered live, in order, without history, seq or epoch. */
class UnstoredEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int CHUNKS = 200;
  private static final long CHUNK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1) / 200;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestConfig.clusterName());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void an_unstored_event_is_answered_202_with_an_id_and_takes_no_seq_and_no_history() {
    String room = "unstored-rest";
    String token = node.token("alice", List.of(room), List.of());
    try (SseClient sse = node.sse("/rooms/" + room + "/events?token=" + token)) {
      assertEquals("snapshot", sse.nextEvent(WAIT).event());
      HttpResponse<Buffer> r =
          node.post(
              "/api/rooms/" + room + "/events",
              new JsonObject()
                  .put("type", "cursor")
                  .put("data", new JsonObject().put("x", 3))
                  .put("store", false)
                  .encode());
      assertEquals(202, r.statusCode(), r.bodyAsString());
      JsonObject accepted = r.bodyAsJsonObject();
      assertNotNull(accepted.getString("id"));
      assertFalse(accepted.containsKey("seq"), accepted.encode());

      Event live = sse.next("cursor", WAIT);
      assertNull(live.id(), "no id: line for an unstored event");
      JsonObject env = live.json();
      assertEquals(accepted.getString("id"), env.getString("id"));
      assertFalse(env.containsKey("seq"));
      assertFalse(env.containsKey("epoch"));

      assertEquals(1L, node.publish(room, new JsonObject()).getLong("seq"), "no seq used up");
      JsonArray history =
          node.get("/api/rooms/" + room + "/history").bodyAsJsonObject().getJsonArray("events");
      assertEquals(1, history.size(), history.encode());
      assertEquals("message", history.getJsonObject(0).getString("type"));
    }
  }

  @Test
  void store_that_is_not_a_boolean_is_refused_on_rest_and_websocket() {
    HttpResponse<Buffer> r =
        node.post(
            "/api/rooms/unstored-bad/events",
            new JsonObject().put("type", "cursor").put("store", "no").encode());
    assertEquals(400, r.statusCode());
    assertEquals("invalid_data", r.bodyAsJsonObject().getJsonObject("error").getString("code"));

    HttpResponse<Buffer> push =
        node.post(
            "/api/users/alice/events",
            new JsonObject().put("type", "ai.chunk").put("store", 0).encode());
    assertEquals(400, push.statusCode());

    String token = node.token("ann", List.of("unstored-bad"), List.of("unstored-bad"));
    try (WsClient ws = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
      JsonObject answer =
          ws.call(
              new JsonObject()
                  .put("op", "publish")
                  .put("room", "unstored-bad")
                  .put("type", "cursor")
                  .put("store", "false"),
              WAIT);
      assertEquals("error", answer.getString("op"), answer.encode());
      assertEquals("invalid_data", answer.getString("code"));
    }
  }

  /** Recipe: an AI answer streamed token by token to one user's inbox. */
  @Test
  void an_ai_answer_streamed_to_one_user_arrives_whole_and_in_order() {
    String token = node.token("dora", List.of(), List.of());
    try (SseClient inbox = node.sse("/users/me/events?token=" + token)) {
      assertEquals("snapshot", inbox.nextEvent(WAIT).event());
      paced(
          n ->
              node.post(
                  "/api/users/dora/events",
                  new JsonObject()
                      .put("type", "ai.chunk")
                      .put("store", false)
                      .put(
                          "data",
                          new JsonObject()
                              .put("streamId", "s-1")
                              .put("text", "tok" + n + " ")
                              .put("done", n == CHUNKS - 1))
                      .encode()));
      StringBuilder answer = new StringBuilder();
      for (int n = 0; n < CHUNKS; n++) {
        JsonObject data = inbox.next("ai.chunk", WAIT).json().getJsonObject("data");
        assertEquals("s-1", data.getString("streamId"));
        assertEquals(n == CHUNKS - 1, data.getBoolean("done"), "chunk " + n);
        answer.append(data.getString("text"));
      }
      StringBuilder expected = new StringBuilder();
      for (int n = 0; n < CHUNKS; n++) {
        expected.append("tok").append(n).append(' ');
      }
      assertEquals(expected.toString(), answer.toString());
    }
  }

  /** Recipe: job progress ticks to everyone watching a room, none of them in its history. */
  @Test
  void job_progress_published_to_a_room_arrives_in_order_and_stays_out_of_history() {
    String room = "job-42";
    String token = node.token("erin", List.of(room), List.of());
    try (WsClient ws = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
      JsonObject ack =
          ws.call(
              new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add(room)),
              WAIT);
      assertEquals("ack", ack.getString("op"), ack.encode());
      paced(
          n -> {
            String type = n == CHUNKS - 1 ? "generation_complete" : "generation_progress";
            HttpResponse<Buffer> r =
                node.post(
                    "/api/rooms/" + room + "/events",
                    new JsonObject()
                        .put("type", type)
                        .put("store", false)
                        .put("data", new JsonObject().put("percent", n * 100 / (CHUNKS - 1)))
                        .encode());
            assertEquals(202, r.statusCode(), r.bodyAsString());
            return r;
          });
      int received = 0;
      while (received < CHUNKS) {
        JsonObject e = ws.next("event", WAIT);
        if (!e.getString("type").startsWith("generation_")) {
          continue; // the subscriber's own join and presence
        }
        assertEquals(received * 100 / (CHUNKS - 1), e.getJsonObject("data").getInteger("percent"));
        assertNull(e.getValue("seq"));
        received++;
      }
      JsonArray history =
          node.get("/api/rooms/" + room + "/history").bodyAsJsonObject().getJsonArray("events");
      assertTrue(history.isEmpty(), history.encode());
    }
  }

  @Test
  void a_websocket_publish_with_store_false_is_acked_with_its_id_and_no_seq() {
    String room = "unstored-ws";
    String token = node.token("finn", List.of(room), List.of(room));
    try (WsClient ws = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
      ws.call(
          new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add(room)), WAIT);
      JsonObject ack =
          ws.call(
              new JsonObject()
                  .put("op", "publish")
                  .put("room", room)
                  .put("type", "cursor")
                  .put("store", false),
              WAIT);
      assertEquals("ack", ack.getString("op"), ack.encode());
      assertNotNull(ack.getString("id"));
      assertFalse(ack.containsKey("seq"), ack.encode());
      JsonObject e;
      do {
        e = ws.next("event", WAIT);
      } while (!"cursor".equals(e.getString("type")));
      assertEquals(ack.getString("id"), e.getString("id"));
      assertFalse(e.containsKey("seq"));
    }
  }

  /** Sends chunk 0..CHUNKS-1 one after another, no faster than 200 a second. */
  private static void paced(java.util.function.IntFunction<HttpResponse<Buffer>> send) {
    long start = System.nanoTime();
    for (int n = 0; n < CHUNKS; n++) {
      long due = start + n * CHUNK_INTERVAL_NANOS;
      long early = due - System.nanoTime();
      if (early > 0) {
        LockSupport.parkNanos(early);
      }
      HttpResponse<Buffer> r = send.apply(n);
      if (r.statusCode() >= 300) {
        throw new AssertionError("chunk " + n + " answered " + r.statusCode() + r.bodyAsString());
      }
    }
  }
}

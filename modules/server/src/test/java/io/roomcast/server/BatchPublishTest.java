package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchPublishTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int MAX_BATCH_BYTES = 256 * 1024;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            TestConfig.clusterName(),
            c ->
                c.getJsonObject("api")
                    .put("maxBodyBytes", 4096)
                    .put("maxBatchBytes", MAX_BATCH_BYTES));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonObject event(String room, int n) {
    return new JsonObject()
        .put("room", room)
        .put("type", "message")
        .put("data", new JsonObject().put("n", n));
  }

  private static HttpResponse<Buffer> batch(List<JsonObject> events) {
    return node.post(
        "/api/publish",
        new JsonObject().put("events", new JsonArray(List.copyOf(events))).encode());
  }

  private static JsonArray results(HttpResponse<Buffer> r) {
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("results");
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"));
    assertNotNull(error.getString("message"));
  }

  private static String errorCode(JsonObject result) {
    JsonObject error = result.getJsonObject("error");
    assertNotNull(error, "expected an error, got " + result);
    assertNotNull(error.getString("message"));
    return error.getString("code");
  }

  @Test
  void results_come_back_in_the_order_of_the_events_with_an_id_and_a_seq_each() {
    List<JsonObject> events =
        List.of(event("order-a", 0), event("order-b", 1), event("order-a", 2), event("order-c", 3));
    JsonArray results = results(batch(events));
    assertEquals(4, results.size());
    assertEquals(List.of(1L, 1L, 2L, 1L), seqs(results));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < results.size(); i++) {
      ids.add(results.getJsonObject(i).getString("id"));
    }
    assertEquals(4, ids.size());
  }

  @Test
  void one_bad_event_fails_only_its_own_result() {
    JsonArray events =
        new JsonArray()
            .add(event("mixed", 0))
            .add(event("bad room!", 1))
            .add(new JsonObject().put("type", "message"))
            .add(new JsonObject().put("room", "mixed").put("type", "typing.start"))
            .add(new JsonObject().put("room", "mixed").put("type", "message").put("data", "x"))
            .add("not an object")
            .add(event("mixed", 6).put("html", 42))
            .add(event("mixed", 7).put("html", "x".repeat(33 * 1024)))
            .add(event("mixed", 8).put("html", "<p>hi</p>"))
            .add(event("mixed", 9).put("store", "yes"))
            .add(event("mixed", 10).put("store", false))
            .add(event("mixed", 11).put("store", true));
    JsonArray results =
        results(node.post("/api/publish", new JsonObject().put("events", events).encode()));
    assertEquals(12, results.size());
    assertEquals(1L, results.getJsonObject(0).getLong("seq"));
    assertEquals("invalid_room", errorCode(results.getJsonObject(1)));
    assertEquals("invalid_room", errorCode(results.getJsonObject(2)));
    assertEquals("invalid_type", errorCode(results.getJsonObject(3)));
    assertEquals("invalid_data", errorCode(results.getJsonObject(4)));
    assertEquals("invalid_request", errorCode(results.getJsonObject(5)));
    assertEquals("invalid_data", errorCode(results.getJsonObject(6)));
    assertEquals("payload_too_large", errorCode(results.getJsonObject(7)));
    assertEquals(2L, results.getJsonObject(8).getLong("seq"));
    assertEquals("invalid_data", errorCode(results.getJsonObject(9)));
    assertNotNull(results.getJsonObject(10).getString("id"));
    assertNull(results.getJsonObject(10).getValue("seq"), "an unstored event has no seq");
    assertEquals(3L, results.getJsonObject(11).getLong("seq"));
  }

  @Test
  void a_thousand_events_are_published_with_seqs_contiguous_per_room_in_batch_order() {
    List<JsonObject> events = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      events.add(event("bulk-" + (i % 7), i));
    }
    JsonArray results = results(batch(events));
    assertEquals(1000, results.size());
    Map<String, Long> lastSeq = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      JsonObject result = results.getJsonObject(i);
      assertNull(result.getJsonObject("error"), result.encode());
      String room = "bulk-" + (i % 7);
      long expected = lastSeq.getOrDefault(room, 0L) + 1;
      assertEquals(expected, result.getLong("seq"), "event " + i + " of " + room);
      lastSeq.put(room, expected);
    }
  }

  @Test
  void a_fresh_node_keeps_one_room_in_batch_order_from_its_very_first_publish() {
    // the first appends of a node race to open the history map; order must survive that
    try (TestNode fresh = TestNode.start(TestConfig.clusterName())) {
      JsonArray events = new JsonArray();
      for (int i = 0; i < 200; i++) {
        events.add(event("first", i));
      }
      HttpResponse<Buffer> r =
          fresh.post("/api/publish", new JsonObject().put("events", events).encode());
      JsonArray results = results(r);
      for (int i = 0; i < 200; i++) {
        assertEquals(i + 1L, results.getJsonObject(i).getLong("seq"), "event " + i);
      }
    }
  }

  @Test
  void an_empty_batch_and_one_of_1001_events_are_refused() {
    assertRefused(batch(List.of()), 400, "invalid_request");
    List<JsonObject> events = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      events.add(event("too-many", i));
    }
    assertRefused(batch(events), 400, "invalid_request");
    // nothing of the refused batch was published
    assertEquals(1L, results(batch(List.of(event("too-many", 0)))).getJsonObject(0).getLong("seq"));
  }

  @Test
  void a_body_without_an_events_array_is_refused() {
    assertRefused(node.post("/api/publish", "{\"events\":{}}"), 400, "invalid_request");
    assertRefused(node.post("/api/publish", "{}"), 400, "invalid_request");
    assertRefused(node.post("/api/publish", "[1]"), 400, "invalid_json");
    assertRefused(node.post("/api/publish", "{\"events\":["), 400, "invalid_json");
  }

  @Test
  void the_api_key_is_required() {
    String body = new JsonObject().put("events", new JsonArray().add(event("auth", 0))).encode();
    assertRefused(node.post("/api/publish", body, null), 401, "unauthorized");
    assertRefused(node.post("/api/publish", body, "wrong-key"), 401, "unauthorized");
    String user = node.token("alice", List.of("*"), List.of("*"));
    assertRefused(node.post("/api/publish", body, user), 403, "forbidden");
  }

  @Test
  void a_batch_may_exceed_the_single_body_limit_up_to_its_own() {
    List<JsonObject> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(event("big", i));
    }
    assertEquals(200, results(batch(events)).size());

    String over =
        new JsonObject()
            .put(
                "events",
                new JsonArray()
                    .add(
                        event("big", 0)
                            .put("data", new JsonObject().put("pad", "x".repeat(MAX_BATCH_BYTES)))))
            .encode();
    assertRefused(node.post("/api/publish", over), 413, "payload_too_large");
  }

  @Test
  void subscribers_receive_the_events_of_a_batch_in_order() {
    String token = node.token("bob", List.of("live-*"), List.of());
    try (WsClient ws = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
      JsonObject ack =
          ws.call(
              new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add("live-1")),
              WAIT);
      assertEquals("ack", ack.getString("op"), ack.encode());
      List<JsonObject> events = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        events.add(event(i % 2 == 0 ? "live-1" : "live-2", i));
      }
      results(batch(events));
      for (int i = 0; i < 20; i += 2) {
        JsonObject e = nextMessage(ws);
        assertEquals("live-1", e.getString("room"));
        assertEquals(i, e.getJsonObject("data").getInteger("n"));
        assertEquals(i / 2 + 1, e.getLong("seq"));
      }
      // a marker published after the batch comes next: nothing of live-2 reached this socket
      node.publish("live-1", new JsonObject().put("n", "marker"));
      assertEquals("marker", nextMessage(ws).getJsonObject("data").getString("n"));
    }
  }

  /** The next {@code message} event, skipping the subscriber's own presence and join events. */
  private static JsonObject nextMessage(WsClient ws) {
    while (true) {
      JsonObject e = ws.next("event", WAIT);
      if ("message".equals(e.getString("type"))) {
        return e;
      }
    }
  }

  private static List<Long> seqs(JsonArray results) {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      seqs.add(results.getJsonObject(i).getLong("seq"));
    }
    return seqs;
  }
}

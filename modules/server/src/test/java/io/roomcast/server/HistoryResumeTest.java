package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.Envelope;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.SseClient.Event;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** README "History and resume" on one node: exact resume over SSE and WebSocket, resets, REST. */
class HistoryResumeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Set<String> DURABLE_FRAMES = Set.of("message", "reset", "close");
  private static final int MAX_EVENTS = 20;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.put("history", new JsonObject().put("maxEvents", MAX_EVENTS)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Publishes {@code n} messages and returns the last seq. */
  private static long publish(String room, int n) {
    long seq = 0;
    for (int i = 0; i < n; i++) {
      seq = node.publish(room, new JsonObject().put("n", i)).getLong("seq");
    }
    return seq;
  }

  private static String epochOf(String room) {
    return Await.result(node.node.history().position(room)).epoch();
  }

  private SseClient sse(String room, String query, String lastEventId) {
    String token = node.token("alice", List.of(room), List.of());
    return SseClient.open(
        node.vertx(),
        node.node.edgePort(),
        "/rooms/" + room + "/events?token=" + token + query,
        lastEventId);
  }

  /** The next message, reset or close frame (presence and typing are skipped). */
  private static Event nextDurable(SseClient sse) {
    while (true) {
      Event e = sse.nextEvent(WAIT);
      if (DURABLE_FRAMES.contains(e.event())) {
        return e;
      }
    }
  }

  private static JsonObject nextDurable(WsClient ws) {
    while (true) {
      JsonObject f = ws.next(WAIT);
      String op = f.getString("op");
      if ("reset".equals(op) || ("event".equals(op) && "message".equals(f.getString("type")))) {
        return f;
      }
    }
  }

  private static void assertSeqs(SseClient sse, long from, long to) {
    for (long s = from; s <= to; s++) {
      Event e = nextDurable(sse);
      assertEquals("message", e.event());
      assertEquals(Long.toString(s), e.id());
      assertEquals(s, e.json().getLong("seq"));
    }
  }

  @Test
  void an_sse_client_resuming_from_the_start_gets_every_event_then_live_ones_without_repeats() {
    long last = publish("h-sse-start", 5);
    try (SseClient sse = sse("h-sse-start", "", "0")) {
      Event snapshot = sse.nextEvent(WAIT);
      assertEquals("snapshot", snapshot.event());
      assertSeqs(sse, 1, last);
      publish("h-sse-start", 1);
      assertSeqs(sse, last + 1, last + 1);
    }
  }

  @Test
  void an_sse_client_resuming_from_the_middle_gets_exactly_what_it_missed() {
    long last = publish("h-sse-mid", 8);
    try (SseClient sse = sse("h-sse-mid", "", "3")) {
      assertSeqs(sse, 4, last);
      publish("h-sse-mid", 2);
      assertSeqs(sse, last + 1, last + 2);
    }
  }

  @Test
  void an_sse_client_resuming_at_the_end_gets_only_live_events() {
    long last = publish("h-sse-end", 4);
    try (SseClient sse = sse("h-sse-end", "&epoch=" + epochOf("h-sse-end"), null)) {
      // no Last-Event-ID: the snapshot names the position the stream starts after
      JsonObject snapshot = sse.nextEvent(WAIT).json();
      assertEquals(last, snapshot.getLong("seq"));
      assertEquals(epochOf("h-sse-end"), snapshot.getString("epoch"));
    }
    try (SseClient sse =
        sse("h-sse-end", "&lastEventId=" + last + "&epoch=" + epochOf("h-sse-end"), null)) {
      sse.nextEvent(WAIT);
      publish("h-sse-end", 1);
      assertSeqs(sse, last + 1, last + 1);
    }
  }

  @Test
  void an_sse_position_beyond_the_last_seq_gets_a_reset_with_the_current_position() {
    long last = publish("h-sse-future", 2);
    try (SseClient sse = sse("h-sse-future", "", "99")) {
      Event reset = nextDurable(sse);
      assertEquals("reset", reset.event());
      assertEquals(Long.toString(last), reset.id());
      JsonObject body = reset.json();
      assertEquals("future", body.getString("reason"));
      assertEquals(last, body.getLong("seq"));
      assertEquals(epochOf("h-sse-future"), body.getString("epoch"));
      publish("h-sse-future", 1);
      assertSeqs(sse, last + 1, last + 1);
    }
  }

  @Test
  void an_sse_position_from_another_epoch_gets_a_reset() {
    long last = publish("h-sse-epoch", 3);
    try (SseClient sse = sse("h-sse-epoch", "&epoch=0123456789abcdef", "2")) {
      JsonObject body = nextDurable(sse).json();
      assertEquals("epoch", body.getString("reason"));
      assertEquals(last, body.getLong("seq"));
    }
  }

  @Test
  void an_sse_position_that_left_history_gets_a_reset() {
    long last = publish("h-sse-expired", MAX_EVENTS + 5);
    try (SseClient sse = sse("h-sse-expired", "", "2")) {
      Event reset = nextDurable(sse);
      assertEquals("reset", reset.event());
      assertEquals("expired", reset.json().getString("reason"));
      assertEquals(last, reset.json().getLong("seq"));
    }
  }

  @Test
  void a_malformed_last_event_id_is_refused_before_the_stream_starts() {
    try (SseClient sse = sse("h-sse-bad", "", "not-a-seq")) {
      assertEquals(400, sse.status());
      assertEquals("invalid_request", sse.errorBody().getJsonObject("error").getString("code"));
    }
    try (SseClient sse = sse("h-sse-bad", "&epoch=no%20spaces", null)) {
      assertEquals(400, sse.status());
    }
  }

  private WsClient ws(String room) {
    WsClient ws =
        WsClient.connect(
            node.vertx(), node.node.edgePort(), node.token("bob", List.of(room), List.of()));
    ws.next("welcome", WAIT);
    return ws;
  }

  private static JsonObject subscribe(String room, Object since) {
    JsonObject op = new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add(room));
    if (since != null) {
      op.put("since", new JsonObject().put(room, since));
    }
    return op;
  }

  private static void assertSeqs(WsClient ws, long from, long to) {
    for (long s = from; s <= to; s++) {
      JsonObject e = nextDurable(ws);
      assertEquals("event", e.getString("op"), e.encode());
      assertEquals(s, e.getLong("seq"));
    }
  }

  @Test
  void a_websocket_subscribe_with_since_zero_gets_every_event_after_the_ack() {
    long last = publish("h-ws-start", 6);
    try (WsClient ws = ws("h-ws-start")) {
      JsonObject ack = ws.call(subscribe("h-ws-start", 0), WAIT);
      assertEquals("ack", ack.getString("op"));
      assertSeqs(ws, 1, last);
      publish("h-ws-start", 1);
      assertSeqs(ws, last + 1, last + 1);
    }
  }

  @Test
  void a_websocket_subscribe_from_the_middle_with_its_epoch_gets_exactly_what_it_missed() {
    long last = publish("h-ws-mid", 7);
    JsonObject since = new JsonObject().put("seq", 4).put("epoch", epochOf("h-ws-mid"));
    try (WsClient ws = ws("h-ws-mid")) {
      ws.call(subscribe("h-ws-mid", since), WAIT);
      assertSeqs(ws, 5, last);
      publish("h-ws-mid", 1);
      assertSeqs(ws, last + 1, last + 1);
    }
  }

  @Test
  void a_websocket_subscribe_at_the_end_gets_only_live_events() {
    long last = publish("h-ws-end", 3);
    try (WsClient ws = ws("h-ws-end")) {
      ws.call(subscribe("h-ws-end", last), WAIT);
      publish("h-ws-end", 2);
      assertSeqs(ws, last + 1, last + 2);
    }
  }

  @Test
  void websocket_positions_from_the_future_another_epoch_or_expired_history_get_reset_frames() {
    long last = publish("h-ws-reset", MAX_EVENTS + 3);
    JsonObject foreign = new JsonObject().put("seq", 3).put("epoch", "feedfacecafebeef");
    for (Object since : List.of(last + 10, foreign, 1)) {
      try (WsClient ws = ws("h-ws-reset")) {
        ws.call(subscribe("h-ws-reset", since), WAIT);
        JsonObject reset = nextDurable(ws);
        assertEquals("reset", reset.getString("op"));
        assertEquals("h-ws-reset", reset.getString("room"));
        assertEquals(last, reset.getLong("seq"));
        assertEquals(epochOf("h-ws-reset"), reset.getString("epoch"));
        assertTrue(Set.of("future", "epoch", "expired").contains(reset.getString("reason")));
      }
    }
  }

  @Test
  void a_websocket_subscribe_with_history_gets_the_last_stored_events_then_live_ones() {
    long last = publish("h-ws-recent", 6);
    try (WsClient ws = ws("h-ws-recent")) {
      JsonObject ack = ws.call(subscribe("h-ws-recent", null).put("history", 3), WAIT);
      assertEquals("ack", ack.getString("op"));
      assertSeqs(ws, last - 2, last);
      publish("h-ws-recent", 1);
      assertSeqs(ws, last + 1, last + 1);
    }
  }

  @Test
  void history_beyond_what_is_stored_gets_every_event_still_kept() {
    long last = publish("h-ws-recent-all", MAX_EVENTS + 3);
    try (WsClient ws = ws("h-ws-recent-all")) {
      ws.call(subscribe("h-ws-recent-all", null).put("history", 1000), WAIT);
      assertSeqs(ws, last - MAX_EVENTS + 1, last);
      publish("h-ws-recent-all", 1);
      assertSeqs(ws, last + 1, last + 1);
    }
  }

  @Test
  void history_of_an_empty_room_sends_nothing_before_live_events() {
    try (WsClient ws = ws("h-ws-recent-empty")) {
      ws.call(subscribe("h-ws-recent-empty", null).put("history", 5), WAIT);
      long seq = publish("h-ws-recent-empty", 1);
      assertEquals(1, seq);
      assertSeqs(ws, 1, 1);
    }
  }

  @Test
  void since_takes_precedence_over_history_for_the_room_it_names() {
    long last = publish("h-ws-recent-since", 5);
    try (WsClient ws = ws("h-ws-recent-since")) {
      ws.call(subscribe("h-ws-recent-since", last - 1).put("history", 4), WAIT);
      assertSeqs(ws, last, last);
      publish("h-ws-recent-since", 1);
      assertSeqs(ws, last + 1, last + 1);
    }
  }

  @Test
  void a_history_count_outside_1_to_1000_or_not_a_whole_number_is_refused() {
    try (WsClient ws = ws("h-ws-recent-bad")) {
      for (Object bad : List.of(0, -1, 1001, "5", 2.5, true, new JsonObject())) {
        JsonObject error = ws.call(subscribe("h-ws-recent-bad", null).put("history", bad), WAIT);
        assertEquals("error", error.getString("op"), "history " + bad);
        assertEquals("invalid_request", error.getString("code"), "history " + bad);
        assertTrue(error.getString("message").contains("history"), error.encode());
      }
      JsonObject ack = ws.call(subscribe("h-ws-recent-bad", null).put("history", 1), WAIT);
      assertEquals("ack", ack.getString("op"));
    }
  }

  @Test
  void since_for_a_room_outside_the_subscribe_is_refused() {
    try (WsClient ws = ws("h-ws-bad")) {
      JsonObject op = subscribe("h-ws-bad", null).put("since", new JsonObject().put("other", 1));
      JsonObject error = ws.call(op, WAIT);
      assertEquals("error", error.getString("op"));
      assertEquals("invalid_request", error.getString("code"));
      JsonObject negative = ws.call(subscribe("h-ws-bad", -1), WAIT);
      assertEquals("invalid_request", negative.getString("code"));
    }
  }

  @Test
  void a_seq_missing_on_the_bus_is_filled_from_history_in_order() {
    // seq 1 and 2 are stored, but only 2 is published: the node holds it, reads 1, sends both
    var store = node.node.history();
    String room = "h-gap";
    try (SseClient sse = sse(room, "", null)) {
      sse.nextEvent(WAIT);
      Envelope first = Await.result(store.append(envelope(room)));
      Envelope second = Await.result(store.append(envelope(room)));
      node.vertx().runOnContext(v -> node.node.roomEvents().publish(second));
      Event a = nextDurable(sse);
      Event b = nextDurable(sse);
      assertEquals(first.id(), a.json().getString("id"));
      assertEquals(second.id(), b.json().getString("id"));
      // and a repeat of an event already delivered is dropped
      node.vertx().runOnContext(v -> node.node.roomEvents().publish(second));
      long next = node.publish(room, new JsonObject()).getLong("seq");
      assertEquals(Long.toString(next), nextDurable(sse).id());
    }
  }

  @Test
  void events_arriving_out_of_order_are_delivered_in_seq_order() {
    var store = node.node.history();
    String room = "h-swap";
    try (SseClient sse = sse(room, "", null);
        WsClient ws = ws(room)) {
      sse.nextEvent(WAIT);
      ws.call(subscribe(room, null), WAIT);
      List<Envelope> stored = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        stored.add(Await.result(store.append(envelope(room))));
      }
      node.vertx()
          .runOnContext(
              v -> {
                for (int i = stored.size() - 1; i >= 0; i--) {
                  node.node.roomEvents().publish(stored.get(i));
                }
              });
      for (Envelope e : stored) {
        assertEquals(e.id(), nextDurable(sse).json().getString("id"));
        assertEquals(e.seq(), nextDurable(ws).getLong("seq"));
      }
    }
  }

  private static Envelope envelope(String room) {
    return new Envelope(
        java.util.UUID.randomUUID().toString(),
        room,
        "message",
        "svc",
        null,
        new JsonObject(),
        Instant.now(),
        null);
  }

  private HttpResponse<Buffer> history(String room, String query, String bearer) {
    return Await.result(
        node.http
            .get(node.node.apiPort(), "127.0.0.1", "/api/rooms/" + room + "/history" + query)
            .putHeader("Authorization", "Bearer " + bearer)
            .send());
  }

  @Test
  void the_history_endpoint_pages_through_a_room() {
    long last = publish("h-rest", 10);
    JsonObject page = history("h-rest", "?since=2&limit=3", TestConfig.API_KEY).bodyAsJsonObject();
    assertEquals("h-rest", page.getString("room"));
    assertEquals(last, page.getLong("seq"));
    assertEquals(1, page.getLong("oldest"));
    assertEquals(epochOf("h-rest"), page.getString("epoch"));
    assertTrue(page.getBoolean("more"));
    JsonArray events = page.getJsonArray("events");
    assertEquals(3, events.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(3 + i, events.getJsonObject(i).getLong("seq"));
      assertEquals(page.getString("epoch"), events.getJsonObject(i).getString("epoch"));
    }
    assertNull(page.getString("reset"));
    JsonObject tail = history("h-rest", "?since=" + last, TestConfig.API_KEY).bodyAsJsonObject();
    assertTrue(tail.getJsonArray("events").isEmpty());
    assertFalse(tail.getBoolean("more"));
    JsonObject future =
        history("h-rest", "?since=" + (last + 1), TestConfig.API_KEY).bodyAsJsonObject();
    assertEquals("future", future.getString("reset"));
  }

  @Test
  void the_history_endpoint_refuses_bad_parameters_and_rooms_outside_the_token() {
    for (String q : List.of("?since=-1", "?since=x", "?limit=0", "?limit=100000", "?epoch=%25")) {
      HttpResponse<Buffer> r = history("h-rest-bad", q, TestConfig.API_KEY);
      assertEquals(400, r.statusCode(), q);
      assertNotNull(r.bodyAsJsonObject().getJsonObject("error"));
    }
    String other = node.token("carol", List.of("elsewhere"), List.of());
    assertEquals(403, history("h-rest-bad", "", other).statusCode());
    String mine = node.token("carol", List.of("h-rest-*"), List.of());
    assertEquals(200, history("h-rest-bad", "", mine).statusCode());
    assertEquals(401, history("h-rest-bad", "", "nope").statusCode());
  }

  @Test
  void a_history_request_on_the_bus_gets_the_same_answer() {
    long last = publish("h-bus", 3);
    JsonObject page =
        Await.result(
                node.vertx()
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.HISTORY, new JsonObject().put("room", "h-bus").put("since", 1)))
            .body();
    assertEquals(last, page.getLong("seq"));
    assertEquals(2, page.getJsonArray("events").size());
  }

  @Test
  void a_sockjs_client_reads_history_for_a_room_in_its_token_and_is_refused_elsewhere() {
    long last = publish("h-sockjs", 4);
    String token = node.token("erin", List.of("h-sockjs"), List.of());
    try (WsClient c =
        WsClient.connect(
            node.vertx(), node.node.edgePort(), "/eventbus/websocket?token=" + token, null)) {
      c.send(
          new JsonObject()
              .put("type", "send")
              .put("address", Addresses.HISTORY)
              .put("replyAddress", "h-reply-1")
              .put("body", new JsonObject().put("room", "h-sockjs").put("since", 2)));
      JsonObject reply = c.next(WAIT);
      assertEquals("rec", reply.getString("type"), reply.encode());
      JsonObject page = reply.getJsonObject("body");
      assertEquals(last, page.getLong("seq"));
      assertEquals(2, page.getJsonArray("events").size());
      assertEquals(3, page.getJsonArray("events").getJsonObject(0).getLong("seq"));
      c.send(
          new JsonObject()
              .put("type", "send")
              .put("address", Addresses.HISTORY)
              .put("replyAddress", "h-reply-2")
              .put("body", new JsonObject().put("room", "elsewhere")));
      JsonObject refused = c.next(WAIT);
      assertEquals("err", refused.getString("type"), refused.encode());
    }
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.SseClient;
import io.roomcast.testing.SseClient.Event;
import io.roomcast.testing.TestConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /events?rooms=…&inbox=1} on two real nodes: several rooms and the inbox on one SSE
 * stream, numbered by one cursor that resumes every exact room.
 */
class MultiRoomStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int MAX_EVENTS = 20;
  private static final Set<String> SKIPPED =
      Set.of("join", "leave", "presence.online", "presence.away", "presence.offline");
  private static TestNode one;
  private static TestNode two;

  @BeforeAll
  static void start() {
    String cluster = TestConfig.clusterName();
    one = TestNode.start(cluster, MultiRoomStreamTest::tweak);
    two = TestNode.start(cluster, MultiRoomStreamTest::tweak);
  }

  private static void tweak(JsonObject config) {
    config.put("history", new JsonObject().put("maxEvents", MAX_EVENTS));
    config.getJsonObject("edge").put("keepaliveSeconds", 1).put("maxSubscriptions", 5);
  }

  @AfterAll
  static void stop() {
    two.close();
    one.close();
  }

  private static SseClient stream(TestNode node, String query, String user, String lastEventId) {
    String token = node.token(user, List.of("*"), List.of());
    return SseClient.open(
        node.vertx(), node.node.edgePort(), "/events?" + query + "&token=" + token, lastEventId);
  }

  /** The next frame that is neither a comment nor presence. */
  private static Event next(SseClient sse) {
    while (true) {
      Event e = sse.nextEvent(WAIT);
      if (!SKIPPED.contains(e.event())) {
        return e;
      }
    }
  }

  private static List<Event> snapshots(SseClient sse, int n) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Event e = next(sse);
      assertEquals("snapshot", e.event(), e.data());
      out.add(e);
    }
    return out;
  }

  private static long publish(TestNode node, String room, int n) {
    return node.publish(room, new JsonObject().put("n", n)).getLong("seq");
  }

  @Test
  void three_rooms_and_the_inbox_arrive_on_one_stream_with_a_snapshot_per_room() {
    try (SseClient sse = stream(two, "rooms=mx-a,mx-b,mx-c&inbox=1", "ivy", null)) {
      assertEquals(200, sse.status());
      assertTrue(sse.header("Content-Type").startsWith("text/event-stream"));
      List<Event> snaps = snapshots(sse, 3);
      assertEquals(
          List.of("mx-a", "mx-b", "mx-c"),
          snaps.stream().map(e -> e.json().getString("room")).toList());
      for (Event s : snaps) {
        assertNotNull(s.id(), "each snapshot carries the cursor the stream starts at");
        assertEquals(0, s.json().getLong("seq"));
        assertNotNull(s.json().getString("connection"));
      }

      long a = publish(one, "mx-a", 1);
      long b = publish(one, "mx-b", 2);
      long c = publish(one, "mx-c", 3);
      HttpResponse<Buffer> pushed =
          one.post("/api/users/ivy/events", "{\"type\":\"note\",\"data\":{\"hi\":1}}");
      assertEquals(200, pushed.statusCode(), pushed.bodyAsString());

      Map<String, Long> seqs = new HashMap<>();
      String lastId = snaps.get(2).id();
      Event note = null;
      while (seqs.size() < 3 || note == null) {
        Event e = next(sse);
        if (e.event().equals("note")) {
          note = e;
          assertNull(e.id(), "an inbox push does not move the cursor");
          continue;
        }
        assertEquals("message", e.event());
        assertNotEquals(lastId, e.id(), "every durable event moves the cursor");
        lastId = e.id();
        seqs.put(e.json().getString("room"), e.json().getLong("seq"));
      }
      assertEquals(Map.of("mx-a", a, "mx-b", b, "mx-c", c), seqs);
      assertEquals(1, note.json().getJsonObject("data").getInteger("hi"));
    }
  }

  @Test
  void the_cursor_resumes_every_room_on_another_node_with_no_gap_and_no_repeat() {
    List<String> rooms = List.of("rs-a", "rs-b", "rs-c");
    String query = "rooms=" + String.join(",", rooms);
    String cursor;
    Map<String, Long> held = new HashMap<>();
    try (SseClient sse = stream(two, query, "jo", null)) {
      snapshots(sse, 3);
      for (String room : rooms) {
        for (int i = 0; i < 3; i++) {
          held.put(room, publish(one, room, i));
        }
      }
      Event last = null;
      for (int i = 0; i < 9; i++) {
        last = next(sse);
        assertEquals("message", last.event());
      }
      cursor = last.id();
    }

    Map<String, List<Long>> missed = new LinkedHashMap<>();
    for (String room : rooms) {
      missed.put(room, new ArrayList<>());
      for (int i = 0; i < 2 + rooms.indexOf(room); i++) {
        missed.get(room).add(publish(one, room, 10 + i));
      }
    }

    try (SseClient sse = stream(two, query, "jo", cursor)) {
      for (Event s : snapshots(sse, 3)) {
        String room = s.json().getString("room");
        assertEquals(last(missed.get(room)), s.json().getLong("seq"), s.data());
      }
      Map<String, List<Long>> got = new LinkedHashMap<>();
      rooms.forEach(r -> got.put(r, new ArrayList<>()));
      int expected = missed.values().stream().mapToInt(List::size).sum();
      for (int i = 0; i < expected; i++) {
        Event e = next(sse);
        assertEquals("message", e.event(), e.data());
        got.get(e.json().getString("room")).add(e.json().getLong("seq"));
      }
      assertEquals(missed, got, "exactly what each room missed, in order");
      for (String room : rooms) {
        assertEquals(held.get(room) + 1, got.get(room).get(0), "no gap after " + room);
      }

      long live = publish(one, "rs-b", 99);
      Event e = next(sse);
      assertEquals("rs-b", e.json().getString("room"), "then live events, no repeat");
      assertEquals(live, e.json().getLong("seq"));
    }
  }

  @Test
  void a_room_whose_history_is_gone_gets_its_reset_while_the_others_resume() {
    String query = "rooms=gone-a,gone-b";
    String cursor;
    try (SseClient sse = stream(two, query, "kit", null)) {
      snapshots(sse, 2);
      publish(one, "gone-a", 1);
      publish(one, "gone-b", 1);
      next(sse);
      cursor = next(sse).id();
    }
    long lastA = 0;
    for (int i = 0; i < MAX_EVENTS + 5; i++) {
      lastA = publish(one, "gone-a", i);
    }
    long missedB = publish(one, "gone-b", 2);

    try (SseClient sse = stream(two, query, "kit", cursor)) {
      snapshots(sse, 2);
      Map<String, Event> byRoom = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        Event e = next(sse);
        byRoom.put(e.json().getString("room"), e);
      }
      Event reset = byRoom.get("gone-a");
      assertEquals("reset", reset.event(), reset.data());
      assertEquals("expired", reset.json().getString("reason"));
      assertEquals(lastA, reset.json().getLong("seq"));
      assertNotNull(reset.id(), "a reset moves the cursor to the room's position");
      Event resumed = byRoom.get("gone-b");
      assertEquals("message", resumed.event());
      assertEquals(missedB, resumed.json().getLong("seq"));

      long live = publish(one, "gone-a", 100);
      Event e = next(sse);
      assertEquals(live, e.json().getLong("seq"));
      assertEquals(lastA + 1, live);
    }
  }

  @Test
  void a_wildcard_brings_every_room_of_its_namespace_once_and_live_only() {
    try (SseClient sse = stream(two, "rooms=wc:1,wc:*", "lou", null)) {
      snapshots(sse, 1);
      publish(one, "wc:2", 1);
      Event other = next(sse);
      assertEquals("wc:2", other.json().getString("room"));
      assertNull(other.id(), "a wildcard room is not in the cursor");
      long exact = publish(one, "wc:1", 2);
      publish(one, "wc:3", 3);
      // rooms are ordered each on its own, not against each other
      Map<String, Event> byRoom = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        Event e = next(sse);
        assertNull(byRoom.put(e.json().getString("room"), e), "a room came twice: " + e.data());
      }
      Event e = byRoom.get("wc:1");
      assertEquals(exact, e.json().getLong("seq"));
      assertNotNull(e.id(), "an exact room moves the cursor");
      assertNotNull(byRoom.get("wc:3"), "the namespace's other room");
      publish(one, "wc:3", 4);
      assertEquals("wc:3", next(sse).json().getString("room"), "wc:1 came once, not twice");
    }
  }

  @Test
  void the_html_format_sends_fragments_numbered_by_the_cursor() {
    try (SseClient sse = stream(two, "rooms=hx-a,hx-b&format=html", "max", null)) {
      assertEquals(200, sse.status());
      // the first frame comes once the stream follows its rooms
      Event first = sse.nextEvent(WAIT);
      assertNotNull(first.retry(), "the first frame is the reconnect delay, no snapshot");
      assertNotNull(first.id(), "with the cursor the stream starts at");
      one.post("/api/rooms/hx-a/events", "{\"type\":\"message\",\"data\":{}}");
      one.post("/api/rooms/hx-a/events", "{\"type\":\"message\",\"html\":\"<li>a</li>\"}");
      one.post("/api/rooms/hx-b/events", "{\"type\":\"message\",\"html\":\"<li>b\\n1</li>\"}");
      // rooms are ordered each on its own, not against each other
      Map<String, Event> byData = new HashMap<>();
      for (int i = 0; i < 2; i++) {
        Event e = next(sse);
        byData.put(e.data(), e);
      }
      Event a = byData.get("<li>a</li>");
      Event b = byData.get("<li>b\n1</li>");
      assertNotNull(a, "hx-a's fragment: " + byData.keySet());
      assertNotNull(b, "hx-b's fragment, one data: line per line: " + byData.keySet());
      assertNotNull(a.id());
      assertNotNull(b.id());
      assertNotEquals(a.id(), b.id());
    }
  }

  @Test
  void the_types_filter_and_keepalives_work_as_on_a_room_stream() {
    try (SseClient sse = stream(two, "rooms=ty-a,ty-b&types=billing:*", "ned", null)) {
      snapshots(sse, 2);
      one.post("/api/rooms/ty-a/events", "{\"type\":\"message\",\"data\":{}}");
      one.post("/api/rooms/ty-b/events", "{\"type\":\"billing:paid\",\"data\":{}}");
      Event e = next(sse);
      assertEquals("billing:paid", e.event());
      assertEquals("ty-b", e.json().getString("room"));
      Event comment = sse.next(WAIT);
      while (!comment.comment()) {
        comment = sse.next(WAIT);
      }
      assertEquals("keepalive", comment.data());
    }
  }

  @Test
  void bad_forbidden_or_too_many_rooms_are_refused_before_the_stream_starts() {
    String all = two.token("ola", List.of("*"), List.of());
    String narrow = two.token("ola", List.of("support:eu:*", "lobby"), List.of());
    assertRefused("/events?rooms=a..b&token=" + all, 400, "invalid_room");
    assertRefused("/events?rooms=a,,b&token=" + all, 400, "invalid_room");
    assertRefused("/events?rooms=sup*&token=" + all, 400, "invalid_room");
    assertRefused("/events?token=" + all, 400, "invalid_request");
    assertRefused("/events?rooms=a&inbox=yes&token=" + all, 400, "invalid_request");
    assertRefused("/events?rooms=a&format=xml&token=" + all, 400, "invalid_request");
    assertRefused("/events?rooms=a&types=a,,b&token=" + all, 400, "invalid_request");
    assertRefused("/events?rooms=a&lastEventId=42&token=" + all, 400, "invalid_request");
    assertRefused(
        "/events?rooms=a&lastEventId=" + "A".repeat(2000) + "&token=" + all,
        400,
        "invalid_request");
    String six = IntStream.range(0, 6).mapToObj(i -> "r" + i).collect(Collectors.joining(","));
    assertRefused("/events?rooms=" + six + "&token=" + all, 400, "invalid_request");
    assertRefused("/events?rooms=lobby,billing&token=" + narrow, 403, "forbidden");
    assertRefused("/events?rooms=support:*&token=" + narrow, 403, "forbidden");
    assertRefused("/events?rooms=lobby", 401, "unauthorized");
    try (SseClient ok =
        SseClient.open(
            two.vertx(),
            two.node.edgePort(),
            "/events?rooms=lobby,support:eu:*,support:eu:7&inbox=1&token=" + narrow)) {
      assertEquals(200, ok.status());
      assertEquals(2, snapshots(ok, 2).size());
    }
  }

  private static void assertRefused(String path, int status, String code) {
    SseClient sse = SseClient.open(two.vertx(), two.node.edgePort(), path);
    try {
      assertEquals(status, sse.status(), path);
      assertEquals(code, sse.errorBody().getJsonObject("error").getString("code"), path);
    } finally {
      sse.close();
    }
  }

  private static long last(List<Long> seqs) {
    return seqs.get(seqs.size() - 1);
  }
}

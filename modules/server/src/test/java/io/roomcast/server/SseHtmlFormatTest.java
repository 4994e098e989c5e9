package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roomcast.testing.SseClient;
import io.roomcast.testing.SseClient.Event;
import io.roomcast.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ?format=html}: the fragments of the events that carry one, and nothing else. */
class SseHtmlFormatTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String FRAGMENT = "<li>\r\n  one ✓\r\r  two\n</li>\n";
  private static final String REJOINED = "<li>\n  one ✓\n\n  two\n</li>\n";
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestConfig.clusterName());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private void publish(String room, JsonObject body) {
    assertEquals(202, node.post("/api/rooms/" + room + "/events", body.encode()).statusCode());
  }

  @Test
  void a_room_stream_sends_only_fragments_with_ids_for_stored_events_and_no_snapshot() {
    String room = "html-stream";
    String token = node.token("alice", List.of(room), List.of());
    try (SseClient sse = node.sse("/rooms/" + room + "/events?format=html&token=" + token)) {
      assertEquals(200, sse.status());
      Event first = sse.nextEvent(WAIT);
      assertNotNull(first.retry(), "the first frame sets the reconnect delay");
      assertEquals("", first.data(), "no snapshot in the HTML format");

      publish(room, new JsonObject().put("type", "message").put("data", new JsonObject()));
      publish(room, new JsonObject().put("type", "row").put("html", FRAGMENT));
      publish(
          room, new JsonObject().put("type", "tick").put("html", "<i>1</i>").put("store", false));

      Event row = sse.nextEvent(WAIT);
      assertEquals("row", row.event());
      assertEquals(REJOINED, row.data());
      assertEquals("2", row.id(), "the message without html took seq 1 and was not sent");
      Event tick = sse.nextEvent(WAIT);
      assertEquals("tick", tick.event());
      assertEquals("<i>1</i>", tick.data());
      assertNull(tick.id());
    }
  }

  @Test
  void resuming_in_the_html_format_sends_the_missed_fragments() {
    String room = "html-resume";
    publish(room, new JsonObject().put("type", "row").put("html", "<p>a</p>"));
    publish(room, new JsonObject().put("type", "message"));
    publish(room, new JsonObject().put("type", "row").put("html", "<p>b</p>"));
    String token = node.token("bob", List.of(room), List.of());
    try (SseClient sse =
        node.sse("/rooms/" + room + "/events?format=html&lastEventId=1&token=" + token)) {
      sse.nextEvent(WAIT);
      Event missed = sse.nextEvent(WAIT);
      assertEquals("<p>b</p>", missed.data());
      assertEquals("3", missed.id());
    }
  }

  @Test
  void the_user_inbox_sends_the_fragments_of_pushes() {
    String token = node.token("carol", List.of(), List.of());
    try (SseClient inbox = node.sse("/users/me/events?format=html&token=" + token)) {
      assertEquals("", inbox.nextEvent(WAIT).data());
      node.post("/api/users/carol/events", new JsonObject().put("type", "note").encode());
      node.post(
          "/api/users/carol/events",
          new JsonObject().put("type", "note").put("html", FRAGMENT).encode());
      Event e = inbox.nextEvent(WAIT);
      assertEquals("note", e.event());
      assertEquals(REJOINED, e.data());
      assertNull(e.id());
    }
  }

  @Test
  void an_unknown_format_is_refused_with_400_before_the_stream_starts() {
    String token = node.token("dave", List.of("*"), List.of());
    for (String path : List.of("/rooms/r/events", "/users/me/events")) {
      SseClient sse = node.sse(path + "?format=xml&token=" + token);
      assertEquals(400, sse.status());
      assertEquals("invalid_request", sse.errorBody().getJsonObject("error").getString("code"));
      sse.close();
    }
  }
}

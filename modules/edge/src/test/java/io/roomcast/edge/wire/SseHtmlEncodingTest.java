package io.roomcast.edge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseHtmlEncodingTest {
  private static final String FRAGMENT = "<ul>\r\n<li>é ✓ 😀</li>\r\r<li>b</li>\n\n</ul>\n";

  @Test
  void every_line_of_the_fragment_becomes_one_data_line_whatever_its_line_break() {
    assertEquals(
        "id: 3\nevent: row\n"
            + "data: <ul>\n"
            + "data: <li>é ✓ 😀</li>\n"
            + "data: \n"
            + "data: <li>b</li>\n"
            + "data: \n"
            + "data: </ul>\n"
            + "data: \n\n",
        SseHtmlEncoding.event(3L, "row", FRAGMENT).toString(StandardCharsets.UTF_8));
  }

  @Test
  void an_event_source_rejoins_the_fragment_with_its_line_breaks_as_lf() {
    String wire = SseHtmlEncoding.event(null, "row", FRAGMENT).toString(StandardCharsets.UTF_8);
    assertEquals(FRAGMENT.replace("\r\n", "\n").replace('\r', '\n'), eventSourceData(wire));
  }

  @Test
  void a_fragment_on_one_line_and_an_empty_fragment_survive_the_round_trip() {
    assertEquals(
        "event: row\ndata: <b>x</b>\n\n",
        SseHtmlEncoding.event(null, "row", "<b>x</b>").toString());
    assertEquals("", eventSourceData(SseHtmlEncoding.event(null, "row", "").toString()));
    assertEquals("\n", eventSourceData(SseHtmlEncoding.event(null, "row", "\r\n").toString()));
    assertEquals("  a", eventSourceData(SseHtmlEncoding.event(null, "row", "  a").toString()));
  }

  @Test
  void the_event_name_cannot_inject_fields() {
    assertEquals(
        "event: rowid: 9\ndata: x\n\n", SseHtmlEncoding.event(null, "row\nid: 9", "x").toString());
  }

  @Test
  void the_html_encoding_is_built_once_and_only_for_events_with_a_fragment() {
    EncodedEvent plain = new EncodedEvent(new JsonObject().put("type", "message").put("seq", 1));
    assertFalse(plain.hasHtml());
    EncodedEvent row =
        new EncodedEvent(new JsonObject().put("type", "row").put("seq", 2).put("html", "a\nb"));
    assertTrue(row.hasHtml());
    assertSame(row.sseHtml(), row.sseHtml());
    assertEquals("id: 2\nevent: row\ndata: a\ndata: b\n\n", row.sseHtml().toString());
    assertFalse(EncodedEvent.reset("r", null, 1, "gap").hasHtml());
  }

  /** The data buffer an EventSource dispatches for one event (WHATWG HTML §9.2.6). */
  private static String eventSourceData(String wire) {
    StringBuilder data = new StringBuilder();
    for (String line : wire.split("\n", -1)) {
      if (line.startsWith("data:")) {
        String value = line.substring(5);
        data.append(value.startsWith(" ") ? value.substring(1) : value).append('\n');
      }
    }
    return data.isEmpty() ? "" : data.substring(0, data.length() - 1);
  }
}

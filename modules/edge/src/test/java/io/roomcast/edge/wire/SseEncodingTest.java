package io.roomcast.edge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SseEncodingTest {
  @Test
  void a_durable_event_carries_id_event_and_data_fields() {
    assertEquals(
        "id: 7\nevent: message\ndata: {\"a\":1}\n\n",
        SseEncoding.event(7L, "message", "{\"a\":1}").toString());
  }

  @Test
  void an_ephemeral_event_has_no_id_field() {
    assertEquals(
        "event: typing.start\ndata: {}\n\n",
        SseEncoding.event(null, "typing.start", "{}").toString());
  }

  @Test
  void cr_and_lf_cannot_inject_fields_or_events() {
    String out = SseEncoding.event(null, "x\r\nid: 99\n\nevent: evil", "{}").toString();
    assertEquals("event: xid: 99event: evil\ndata: {}\n\n", out);
  }

  @Test
  void json_data_with_newlines_in_strings_stays_on_one_line() {
    String json = new JsonObject().put("text", "two\nlines").encode();
    assertEquals(
        "event: m\ndata: {\"text\":\"two\\nlines\"}\n\n",
        SseEncoding.event(null, "m", json).toString());
  }

  @Test
  void websocket_frames_inline_the_envelope_after_the_op() {
    EncodedEvent f =
        new EncodedEvent(new JsonObject().put("id", "1").put("type", "m").put("seq", 3));
    Buffer ws = f.ws();
    assertEquals(
        "{\"op\":\"event\",\"id\":\"1\",\"type\":\"m\",\"seq\":3}",
        ws.getBuffer(2, ws.length()).toString());
    assertEquals(
        "id: 3\nevent: m\ndata: {\"id\":\"1\",\"type\":\"m\",\"seq\":3}\n\n", f.sse().toString());
  }

  @Test
  void a_chunk_carries_its_size_in_hex_then_the_frame() {
    Buffer frame = SseEncoding.comment("x".repeat(300));
    assertEquals("130\r\n" + frame + "\r\n", SseEncoding.chunk(frame).toString());
  }
}

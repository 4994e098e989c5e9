package io.roomcast.edge.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamCursorTest {
  private static final String EPOCH = "9f2c0a1b2c3d4e5f";

  private static EncodedEvent event(String room, long seq, String epoch) {
    return new EncodedEvent(
        new JsonObject()
            .put("room", room)
            .put("type", "message")
            .put("seq", seq)
            .put("epoch", epoch));
  }

  @Test
  void a_cursor_reads_back_every_rooms_position() {
    StreamCursor out = new StreamCursor(List.of("a", "b", "c"));
    out.start("a", new StreamPosition(EPOCH, 4));
    out.start("b", new StreamPosition(null, 0));
    out.start("c", new StreamPosition("Redis-epoch_7", 1));
    assertTrue(out.advance(event("a", 5, EPOCH)));
    assertTrue(out.advance(event("c", 300_000, "Redis-epoch_7")));

    Map<String, StreamPosition> back = new StreamCursor(List.of("c", "b", "a")).read(out.current());
    assertEquals(new StreamPosition(EPOCH, 5), back.get("a"));
    assertEquals(new StreamPosition(null, 0), back.get("b"));
    assertEquals(new StreamPosition("Redis-epoch_7", 300_000), back.get("c"));
  }

  @Test
  void a_cursor_stays_compact() {
    StreamCursor out = new StreamCursor(List.of("room-one", "room-two", "room-three"));
    for (String room : List.of("room-one", "room-two", "room-three")) {
      out.start(room, new StreamPosition(EPOCH, 123_456));
    }
    // 1 + 3 x (6 tag + 1 + 8 packed epoch + 3 varint) bytes, base64: 74 chars
    assertTrue(out.current().length() <= 80, out.current());
  }

  @Test
  void rooms_the_stream_does_not_follow_are_ignored_and_missing_ones_start_from_now() {
    StreamCursor out = new StreamCursor(List.of("a", "b"));
    out.start("a", new StreamPosition(EPOCH, 2));
    out.start("b", new StreamPosition(EPOCH, 3));
    Map<String, StreamPosition> back = new StreamCursor(List.of("b", "z")).read(out.current());
    assertEquals(Map.of("b", new StreamPosition(EPOCH, 3)), back);
  }

  @Test
  void ephemeral_events_and_other_rooms_do_not_move_the_cursor() {
    StreamCursor out = new StreamCursor(List.of("a"));
    out.start("a", new StreamPosition(EPOCH, 2));
    String before = out.current();
    assertFalse(
        out.advance(
            new EncodedEvent(new JsonObject().put("room", "a").put("type", "typing.start"))));
    assertFalse(out.advance(event("elsewhere", 9, EPOCH)));
    assertEquals(before, out.current());
  }

  @Test
  void a_reset_moves_the_cursor_to_the_rooms_position() {
    StreamCursor out = new StreamCursor(List.of("a"));
    out.start("a", new StreamPosition("0000000000000000", 2));
    assertTrue(out.advance(EncodedEvent.reset("a", EPOCH, 7, "epoch")));
    assertEquals(
        new StreamPosition(EPOCH, 7), new StreamCursor(List.of("a")).read(out.current()).get("a"));
  }

  @Test
  void malformed_cursors_are_refused_as_invalid_requests() {
    StreamCursor in = new StreamCursor(List.of("a"));
    String good = goodCursor();
    byte[] bytes = Base64.getUrlDecoder().decode(good);
    List<String> bad =
        List.of(
            "not base64 !",
            "42",
            enc(new byte[] {2}),
            enc(java.util.Arrays.copyOf(bytes, bytes.length - 1)),
            enc(java.util.Arrays.copyOf(bytes, 4)),
            enc(concat(bytes, java.util.Arrays.copyOfRange(bytes, 1, bytes.length))),
            enc(new byte[] {1, 1, 2, 3, 4, 5, 6, 3, '.', '.', '/', 1}),
            enc(new byte[] {1, 1, 2, 3, 4, 5, 6, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}),
            "A".repeat(10_000));
    for (String cursor : bad) {
      RoomcastException e = assertThrows(RoomcastException.class, () -> in.read(cursor), cursor);
      assertEquals(ErrorCode.INVALID_REQUEST, e.code(), cursor);
    }
  }

  @Test
  void no_cursor_resumes_nothing() {
    assertTrue(new StreamCursor(List.of("a")).read(null).isEmpty());
    assertTrue(new StreamCursor(List.of("a")).read(" ").isEmpty());
  }

  private static String goodCursor() {
    StreamCursor out = new StreamCursor(List.of("a"));
    out.start("a", new StreamPosition(EPOCH, 200));
    return out.current();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String enc(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

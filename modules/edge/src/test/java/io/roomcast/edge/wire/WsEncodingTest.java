package io.roomcast.edge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WsEncodingTest {
  /** RFC 6455 §5.2: 7-bit length, 126 + 16-bit length, or 127 + 64-bit length; never masked. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
  void text_frames_carry_fin_opcode_and_the_shortest_length_form(int size) {
    Buffer payload = Buffer.buffer("x".repeat(size));
    Buffer frame = WsEncoding.text(payload);

    assertEquals(0x81, frame.getUnsignedByte(0), "FIN + text opcode");
    int marker = frame.getUnsignedByte(1);
    int header;
    long length;
    if (size < 126) {
      header = 2;
      length = marker;
    } else if (size <= 65_535) {
      assertEquals(126, marker);
      header = 4;
      length = frame.getUnsignedShort(2);
    } else {
      assertEquals(127, marker);
      header = 10;
      length = frame.getLong(2);
    }
    assertEquals(size, length);
    assertEquals(header + size, frame.length());
    assertEquals(payload, frame.getBuffer(header, frame.length()));
  }

  @Test
  void multibyte_text_is_measured_in_bytes() {
    String json = "{\"text\":\"héllo ✓ 😀\"}";
    Buffer payload = Buffer.buffer(json);
    Buffer frame = WsEncoding.text(payload);
    assertEquals(payload.length(), frame.getUnsignedByte(1));
    assertEquals(json, frame.getBuffer(2, frame.length()).toString());
  }
}

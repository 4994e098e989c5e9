package io.roomcast.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body is parsed as sent or refused: nothing is replaced, rounded to infinity or guessed. */
class StrictBodiesTest {
  private static Buffer around(byte... inner) {
    Buffer b = Buffer.buffer("{\"text\":\"");
    b.appendBytes(inner);
    return b.appendString("\"}");
  }

  private static ErrorCode refusal(Buffer body) {
    return assertThrows(RoomcastException.class, () -> Bodies.object(body)).code();
  }

  @Test
  void overlong_utf8_and_lone_surrogates_are_invalid_json() {
    assertEquals(ErrorCode.INVALID_JSON, refusal(around((byte) 0xC0, (byte) 0xAF)));
    assertEquals(ErrorCode.INVALID_JSON, refusal(around((byte) 0xED, (byte) 0xA0, (byte) 0x80)));
    assertEquals(ErrorCode.INVALID_JSON, refusal(around((byte) 0xF8, (byte) 0x88)));
  }

  @Test
  void numbers_beyond_a_double_are_invalid_json() {
    assertEquals(ErrorCode.INVALID_JSON, refusal(Buffer.buffer("{\"n\":1e999999}")));
    assertEquals(ErrorCode.INVALID_JSON, refusal(Buffer.buffer("{\"a\":[{\"n\":-1e400}]}")));
  }

  @Test
  void well_formed_text_and_numbers_pass_unchanged() {
    String text = "h\u00e9llo \ud83d\ude00 /";
    assertEquals(
        text,
        Bodies.object(Buffer.buffer(("{\"t\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8)))
            .getString("t"));
    assertEquals(1.5e300, Bodies.object(Buffer.buffer("{\"n\":1.5e300}")).getDouble("n"));
  }
}

package io.roomcast.edge.wire;

import io.netty.buffer.ByteBuf;
import io.roomcast.core.vertx.VertxInternals;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The text/event-stream wire format (WHATWG HTML §9.2). Field values are stripped of CR and LF so
 * no value can end a field early or inject another event.
 */
public final class SseEncoding {
  private static final byte[] CRLF = {'\r', '\n'};

  private SseEncoding() {}

  public static Buffer event(Long id, String event, String data) {
    Buffer b = Buffer.buffer(data.length() + event.length() + 40);
    if (id != null) {
      b.appendString("id: ").appendString(id.toString()).appendString("\n");
    }
    return b.appendString("event: ")
        .appendString(clean(event))
        .appendString("\ndata: ")
        .appendString(clean(data))
        .appendString("\n\n");
  }

  /** {@code frame} (an event without an id) numbered with {@code id}, an opaque token. */
  public static Buffer numbered(String id, Buffer frame) {
    return Buffer.buffer(id.length() + frame.length() + 5)
        .appendString("id: ")
        .appendString(clean(id))
        .appendString("\n")
        .appendBuffer(frame);
  }

  public static Buffer comment(String text) {
    return Buffer.buffer(": " + clean(text) + "\n\n");
  }

  /**
   * {@code frame} as one HTTP/1.1 chunk (RFC 9112 §7.1: hex size, CRLF, data, CRLF) in an off-heap
   * buffer ({@link OffHeap}), for writing below the response encoder.
   */
  public static Buffer chunk(Buffer frame) {
    byte[] size = Integer.toHexString(frame.length()).getBytes(StandardCharsets.US_ASCII);
    ByteBuf out = OffHeap.allocate(size.length + frame.length() + 4);
    out.writeBytes(size).writeBytes(CRLF);
    out.writeBytes(VertxInternals.byteBuf(frame));
    out.writeBytes(CRLF);
    return VertxInternals.buffer(out);
  }

  /** Removes CR and LF; compact JSON never contains raw ones, other values must not. */
  static String clean(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return value.replace("\r", "").replace("\n", "");
  }
}

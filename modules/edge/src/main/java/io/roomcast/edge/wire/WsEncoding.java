package io.roomcast.edge.wire;

import io.netty.buffer.ByteBuf;
import io.roomcast.core.vertx.VertxInternals;
import io.vertx.core.buffer.Buffer;

/**
 * Whole WebSocket frames as the server sends them (RFC 6455 §5.2: FIN, text or binary, unmasked),
 * header and payload in one off-heap buffer. A server frame has no mask, so one encoding is
 * byte-for-byte what every connection receives: it is built once per event and written to each
 * socket as is, with no per-connection frame object or header allocation ({@link OffHeap}).
 */
public final class WsEncoding {
  private static final int FIN_TEXT = 0x81;
  private static final int FIN_BINARY = 0x82;

  private WsEncoding() {}

  /** The text frame carrying {@code utf8} (a complete JSON text). */
  public static Buffer text(Buffer utf8) {
    return frame(FIN_TEXT, utf8);
  }

  /** The binary frame carrying {@code bytes}. */
  public static Buffer binary(Buffer bytes) {
    return frame(FIN_BINARY, bytes);
  }

  private static Buffer frame(int finAndOpcode, Buffer payload) {
    int n = payload.length();
    int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    ByteBuf out = OffHeap.allocate(header + n);
    out.writeByte(finAndOpcode);
    if (n < 126) {
      out.writeByte(n);
    } else if (n <= 0xFFFF) {
      out.writeByte(126).writeShort(n);
    } else {
      out.writeByte(127).writeLong(n);
    }
    out.writeBytes(VertxInternals.byteBuf(payload));
    return VertxInternals.buffer(out);
  }
}

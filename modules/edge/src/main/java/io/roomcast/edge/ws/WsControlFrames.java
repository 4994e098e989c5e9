package io.roomcast.edge.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The server's control frames (RFC 6455 §5.5): FIN, opcode, unmasked, a payload of at most 125
 * bytes. Each takes ownership of the payload it is given.
 */
final class WsControlFrames {
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;
  private static final int OP_PONG = 0xA;
  private static final int MAX_PAYLOAD = 125;

  private WsControlFrames() {}

  static ByteBuf ping(ByteBufAllocator alloc, ByteBuf payload) {
    return frame(alloc, OP_PING, payload);
  }

  static ByteBuf pong(ByteBufAllocator alloc, ByteBuf payload) {
    return frame(alloc, OP_PONG, payload);
  }

  /** A close frame with {@code code} and {@code reason}, cut to fit (reasons are ASCII). */
  static ByteBuf close(ByteBufAllocator alloc, short code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    ByteBuf payload = Unpooled.buffer(2 + text.length).writeShort(code);
    payload.writeBytes(text, 0, Math.min(text.length, MAX_PAYLOAD - 2));
    return frame(alloc, OP_CLOSE, payload);
  }

  /** A close frame with the payload as is (an echo of the client's code, or empty). */
  static ByteBuf close(ByteBufAllocator alloc, ByteBuf payload) {
    return frame(alloc, OP_CLOSE, payload);
  }

  private static ByteBuf frame(ByteBufAllocator alloc, int opcode, ByteBuf payload) {
    int n = Math.min(payload.readableBytes(), MAX_PAYLOAD);
    ByteBuf out = alloc.buffer(2 + n);
    out.writeByte(0x80 | opcode).writeByte(n).writeBytes(payload, payload.readerIndex(), n);
    payload.release();
    return out;
  }
}

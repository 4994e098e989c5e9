package io.roomcast.edge.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * Memory for wire frames shared by many connections ({@link WsEncoding}, {@link
 * SseEncoding#chunk}): a JDK direct buffer freed when the last reference to it goes, never by a
 * reference count. Sockets write read-only slices of it, so a frame shared by thousands of
 * connections and kept as a resume position needs no bookkeeping.
 */
final class OffHeap {
  private OffHeap() {}

  /** An empty buffer of exactly {@code size} writable bytes. */
  static ByteBuf allocate(int size) {
    return Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(size)).clear();
  }
}

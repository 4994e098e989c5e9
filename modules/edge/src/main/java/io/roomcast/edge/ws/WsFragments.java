package io.roomcast.edge.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A fragmented message being reassembled (RFC 6455 §5.4), up to {@code maxBytes}, and the strict
 * UTF-8 reading of whole messages.
 */
final class WsFragments {
  /** Strict UTF-8 (malformed input is reported, not replaced), one per event loop. */
  private static final FastThreadLocal<CharsetDecoder> UTF8 =
      new FastThreadLocal<>() {
        @Override
        protected CharsetDecoder initialValue() {
          return StandardCharsets.UTF_8.newDecoder();
        }
      };

  private final int maxBytes;
  private CompositeByteBuf parts;
  private boolean text;

  WsFragments(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** A message's bytes as UTF-8 text, refusing malformed input. */
  static String decode(ByteBuf content) throws CharacterCodingException {
    return UTF8.get().reset().decode(content.nioBuffer()).toString();
  }

  /** Starts a message with its first fragment, dropping any unfinished one. */
  boolean begin(ByteBufAllocator alloc, boolean text, ByteBuf first) {
    release();
    this.text = text;
    this.parts = alloc.compositeBuffer();
    return append(first);
  }

  boolean inProgress() {
    return parts != null;
  }

  boolean isText() {
    return text;
  }

  /** Adds a fragment; false once the message would exceed the limit. */
  boolean append(ByteBuf part) {
    if (parts.readableBytes() + part.readableBytes() > maxBytes) {
      return false;
    }
    parts.addComponent(true, part.retain());
    return true;
  }

  /** The whole message; the caller releases it. */
  CompositeByteBuf finish() {
    CompositeByteBuf whole = parts;
    parts = null;
    return whole;
  }

  void release() {
    if (parts != null) {
      parts.release();
      parts = null;
    }
  }
}

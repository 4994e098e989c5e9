package io.roomcast.bridge.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.ShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One upgraded WebSocket, served below Vert.x. After the handshake the connection's pipeline is
 * Netty's frame decoder and this handler, nothing else: no HTTP connection, request or WebSocket
 * objects stay behind, and no per-connection write queue (Vert.x keeps two, about 9 KiB per socket
 * even when idle). Everything runs on the channel's event loop, inside the connection's Vert.x
 * context (so its futures, timers and bus calls stay there, and a failing handler is reported, not
 * fatal to the socket).
 *
 * <p>It reassembles fragmented messages up to {@code maxMessageBytes}, answers pings, and runs the
 * closing handshake (RFC 6455 §5.5.1, §7): a close from the client is echoed, a close from the
 * server waits for the client's echo at most {@link #CLOSING_TIMEOUT_MS}. Outbound data frames are
 * written to the channel by the connection itself ({@code ChannelWire}), already encoded.
 */
public final class WsSocket extends ChannelInboundHandlerAdapter {
  /** What the connection hears from its socket, on the channel's event loop. */
  public interface Listener {
    void text(String text);

    /** A binary message, its bytes read as UTF-8. */
    void binary(String content);

    void pong();

    /** The socket is gone (closed by either side, or failed); called once. */
    void closed();
  }

  static final short GOING_AWAY = 1001;
  static final short PROTOCOL_ERROR = 1002;
  static final short MESSAGE_TOO_BIG = 1009;
  private static final long CLOSING_TIMEOUT_MS = 5_000;
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;
  private static final int OP_PONG = 0xA;
  private static final int MAX_CONTROL_PAYLOAD = 125;

  private final Channel channel;
  private final ContextInternal context;
  private final Handler<WebSocketFrame> reader = this::read;
  private final int maxMessageBytes;
  private final Runnable onGone;
  private Listener listener;
  private CompositeByteBuf fragments;
  private boolean fragmentsAreText;
  private boolean closeSent;
  private boolean gone;

  /**
   * @param onGone runs once when the channel closes, whoever closed it (the edge's accounting)
   */
  WsSocket(Channel channel, ContextInternal context, int maxMessageBytes, Runnable onGone) {
    this.channel = channel;
    this.context = context;
    this.maxMessageBytes = maxMessageBytes;
    this.onGone = onGone;
  }

  public void listener(Listener listener) {
    this.listener = listener;
  }

  public Channel channel() {
    return channel;
  }

  public void writePing(String payload) {
    if (!closeSent) {
      channel.writeAndFlush(
          control(OP_PING, Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)));
    }
  }

  /**
   * Starts the closing handshake with {@code code} and {@code reason} (cut to fit a control frame);
   * the channel closes when the client answers, or after {@link #CLOSING_TIMEOUT_MS}.
   */
  public void close(short code, String reason) {
    if (closeSent || !channel.isActive()) {
      channel.close();
      return;
    }
    closeSent = true;
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    ByteBuf payload = Unpooled.buffer(2 + text.length).writeShort(code);
    payload.writeBytes(text, 0, Math.min(text.length, MAX_CONTROL_PAYLOAD - 2));
    channel.writeAndFlush(control(OP_CLOSE, payload));
    channel.eventLoop().schedule(() -> channel.close(), CLOSING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof WebSocketFrame frame) {
        context.dispatch(frame, reader);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void read(WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      boolean text = frame instanceof TextWebSocketFrame;
      if (frame.isFinalFragment()) {
        message(text, frame.content());
      } else {
        dropFragments();
        fragmentsAreText = text;
        fragments = channel.alloc().compositeBuffer();
        append(frame.content());
      }
    } else if (frame instanceof ContinuationWebSocketFrame) {
      if (fragments == null) {
        close(PROTOCOL_ERROR, "continuation without a first fragment");
      } else if (append(frame.content()) && frame.isFinalFragment()) {
        CompositeByteBuf whole = fragments;
        fragments = null;
        try {
          message(fragmentsAreText, whole);
        } finally {
          whole.release();
        }
      }
    } else if (frame instanceof PingWebSocketFrame) {
      if (!closeSent) {
        channel.writeAndFlush(control(OP_PONG, frame.content().retain()));
      }
    } else if (frame instanceof PongWebSocketFrame) {
      listener.pong();
    } else if (frame instanceof CloseWebSocketFrame close) {
      if (closeSent) {
        channel.close(); // the client's echo of our close
      } else {
        closeSent = true;
        ByteBuf echo = close.content().readableBytes() >= 2 ? close.content().slice(0, 2) : null;
        channel
            .writeAndFlush(control(OP_CLOSE, echo == null ? Unpooled.EMPTY_BUFFER : echo.retain()))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  /** Adds a fragment; false (and a 1009 close) once the message would exceed the limit. */
  private boolean append(ByteBuf part) {
    if (fragments.readableBytes() + part.readableBytes() > maxMessageBytes) {
      dropFragments();
      close(MESSAGE_TOO_BIG, "message over " + maxMessageBytes + " bytes");
      return false;
    }
    fragments.addComponent(true, part.retain());
    return true;
  }

  private void message(boolean text, ByteBuf content) {
    if (closeSent) {
      return; // RFC 6455 §1.4: after a close, data frames are not processed
    }
    String decoded = content.toString(StandardCharsets.UTF_8);
    if (text) {
      listener.text(decoded);
    } else {
      listener.binary(decoded);
    }
  }

  private void dropFragments() {
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ShutdownEvent) {
      close(GOING_AWAY, "server shutting down");
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a protocol violation (the decoder has already sent its close frame) or a broken connection
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropFragments();
    if (!gone) {
      gone = true;
      onGone.run();
      if (listener != null) {
        context.dispatch(v -> listener.closed());
      }
    }
  }

  /** A server control frame: FIN, {@code opcode}, unmasked, payload of at most 125 bytes. */
  private ByteBuf control(int opcode, ByteBuf payload) {
    int n = Math.min(payload.readableBytes(), MAX_CONTROL_PAYLOAD);
    ByteBuf out = channel.alloc().buffer(2 + n);
    out.writeByte(0x80 | opcode).writeByte(n).writeBytes(payload, payload.readerIndex(), n);
    payload.release();
    return out;
  }
}

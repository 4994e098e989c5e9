package io.roomcast.edge.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.roomcast.core.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.nio.charset.CharacterCodingException;
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
 *
 * <p>A client that breaks the protocol has the connection failed (RFC 6455 §7.1.7): a close frame
 * with the code (1002 protocol error, 1007 text that is not UTF-8, 1009 too big, 1008 a
 * control-frame flood), then the end of the TCP connection without waiting for an echo: the sending
 * half closes once the frame has left, and whatever the client still sends is dropped until it
 * closes too, at most {@link #CLOSING_TIMEOUT_MS}.
 *
 * <p>Pongs obey the socket's back-pressure ({@link PongHold}); pings and pongs beyond {@code
 * controlFramesPerSecond} ({@link ControlFrameBudget}) are a flood.
 */
public final class WsSocket extends ChannelInboundHandlerAdapter {
  static final short GOING_AWAY = 1001;
  static final short PROTOCOL_ERROR = 1002;
  static final short INVALID_PAYLOAD = 1007;
  static final short POLICY_VIOLATION = 1008;
  static final short MESSAGE_TOO_BIG = 1009;
  static final int CONTROL_BURST_SECONDS = 5;
  private static final long CLOSING_TIMEOUT_MS = 5_000;

  private final Channel channel;
  private final Context context;
  private final Handler<WebSocketFrame> reader = this::read;
  private final int maxMessageBytes;
  private final ControlFrameBudget control;
  private final Runnable onGone;
  private final PongHold pongs;
  private final WsFragments fragments;
  private WsListener listener;
  private boolean closeSent;
  private boolean gone;

  /**
   * @param onGone runs once when the channel closes, whoever closed it (the edge's accounting)
   */
  WsSocket(
      Channel channel,
      Context context,
      int maxMessageBytes,
      int controlFramesPerSecond,
      Runnable onGone) {
    this.channel = channel;
    this.context = context;
    this.maxMessageBytes = maxMessageBytes;
    this.fragments = new WsFragments(maxMessageBytes);
    this.pongs = new PongHold(channel);
    this.control =
        new ControlFrameBudget(
            controlFramesPerSecond, CONTROL_BURST_SECONDS, ControlFrameBudget.now(channel));
    this.onGone = onGone;
  }

  public void listener(WsListener listener) {
    this.listener = listener;
  }

  public Channel channel() {
    return channel;
  }

  /** A keepalive ping; skipped while the client is not reading what it was sent already. */
  public void writePing(String payload) {
    if (!closeSent && channel.isWritable()) {
      channel.writeAndFlush(
          WsControlFrames.ping(
              channel.alloc(), Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)));
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
    channel.writeAndFlush(WsControlFrames.close(channel.alloc(), code, reason));
    closeAfterTimeout();
  }

  /** The TCP close for a client that never answers (or never reads) the closing handshake. */
  private void closeAfterTimeout() {
    channel.eventLoop().schedule(() -> channel.close(), CLOSING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Fails the connection (RFC 6455 §7.1.7): the close frame with {@code code}, then the end of the
   * TCP connection once it has left, without waiting for the client's echo — at once if the client
   * is not reading, since the frame could not arrive.
   */
  void fail(short code, String reason) {
    dropFragments();
    if (closeSent || !channel.isActive() || !channel.isWritable()) {
      closeSent = true;
      channel.close();
      return;
    }
    closeSent = true;
    channel
        .writeAndFlush(WsControlFrames.close(channel.alloc(), code, reason))
        .addListener(f -> linger());
    closeAfterTimeout();
  }

  /**
   * Ends the sending half once the close frame has left. A full close with the client's bytes still
   * unread would reset the connection, and the reset can destroy the close frame on its way; so
   * what the client still sends is read and dropped until it closes too, or {@link
   * #CLOSING_TIMEOUT_MS} passes.
   */
  private void linger() {
    if (channel instanceof DuplexChannel duplex && channel.isActive()) {
      duplex.shutdownOutput();
    } else {
      channel.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof WebSocketFrame frame) {
        VertxInternals.dispatch(context, frame, reader);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void read(WebSocketFrame frame) {
    if (closeSent && !(frame instanceof CloseWebSocketFrame)) {
      return; // RFC 6455 §1.4: after a close, nothing but the echo matters
    }
    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      boolean text = frame instanceof TextWebSocketFrame;
      if (frame.isFinalFragment()) {
        message(text, frame.content());
      } else {
        dropFragments();
        append(fragments.begin(channel.alloc(), text, frame.content()));
      }
    } else if (frame instanceof ContinuationWebSocketFrame) {
      if (!fragments.inProgress()) {
        fail(PROTOCOL_ERROR, "continuation without a first fragment");
      } else if (append(fragments.append(frame.content())) && frame.isFinalFragment()) {
        boolean text = fragments.isText();
        CompositeByteBuf whole = fragments.finish();
        try {
          message(text, whole);
        } finally {
          whole.release();
        }
      }
    } else if (frame instanceof PingWebSocketFrame) {
      if (controlFrameAllowed()) {
        pongs.answer(frame.content());
      }
    } else if (frame instanceof PongWebSocketFrame) {
      if (controlFrameAllowed()) {
        listener.pong();
      }
    } else if (frame instanceof CloseWebSocketFrame close) {
      if (closeSent) {
        channel.close(); // the client's echo of our close
      } else {
        closeSent = true;
        ByteBuf echo = close.content().readableBytes() >= 2 ? close.content().slice(0, 2) : null;
        channel
            .writeAndFlush(
                WsControlFrames.close(
                    channel.alloc(), echo == null ? Unpooled.EMPTY_BUFFER : echo.retain()))
            .addListener(ChannelFutureListener.CLOSE);
        closeAfterTimeout();
      }
    }
  }

  /** Takes one control frame from the budget; false (and a 1008) when the client floods. */
  private boolean controlFrameAllowed() {
    if (closeSent) {
      return false;
    }
    if (!control.take(ControlFrameBudget.now(channel))) {
      fail(POLICY_VIOLATION, "control frame flood");
      return false;
    }
    return true;
  }

  /** Reading stops while the client is not taking what it was sent, and resumes when it is. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!closeSent) {
      pongs.writabilityChanged();
    }
  }

  /** Whether a fragment fitted; if not, a 1009 close. */
  private boolean append(boolean fitted) {
    if (!fitted) {
      fail(MESSAGE_TOO_BIG, "message over " + maxMessageBytes + " bytes");
    }
    return fitted;
  }

  private void message(boolean text, ByteBuf content) {
    if (closeSent) {
      return; // RFC 6455 §1.4: after a close, data frames are not processed
    }
    String decoded;
    try {
      // binary messages too: both protocols on this socket read them as UTF-8 text
      decoded = WsFragments.decode(content);
    } catch (CharacterCodingException e) {
      fail(INVALID_PAYLOAD, "message is not valid UTF-8");
      return;
    }
    if (text) {
      listener.text(decoded);
    } else {
      listener.binary(decoded);
    }
  }

  private void dropFragments() {
    fragments.release();
    pongs.drop();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (VertxInternals.isShutdown(evt)) {
      close(GOING_AWAY, "server shutting down");
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException violation) {
      // the decoder discards whatever follows; the close frame says why
      fail((short) violation.closeStatus().code(), String.valueOf(violation.getMessage()));
    } else {
      ctx.close(); // a broken connection
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropFragments();
    if (!gone) {
      gone = true;
      onGone.run();
      if (listener != null) {
        VertxInternals.dispatch(context, null, v -> listener.closed());
      }
    }
  }
}

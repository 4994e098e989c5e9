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
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Ticker;
import io.roomcast.core.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
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
 * <p>Control frames obey the socket's back-pressure: while the channel is not writable nothing more
 * is read, and of the pings read meanwhile only the latest is answered once it is writable again
 * (RFC 6455 §5.5.3). Pings and pongs beyond {@code controlFramesPerSecond} (with a burst of {@link
 * #CONTROL_BURST_SECONDS} seconds' worth) are a flood.
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
  static final short INVALID_PAYLOAD = 1007;
  static final short POLICY_VIOLATION = 1008;
  static final short MESSAGE_TOO_BIG = 1009;
  static final int CONTROL_BURST_SECONDS = 5;
  private static final long CLOSING_TIMEOUT_MS = 5_000;
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;
  private static final int OP_PONG = 0xA;
  private static final int MAX_CONTROL_PAYLOAD = 125;

  /** Strict UTF-8 (malformed input is reported, not replaced), one per event loop. */
  private static final FastThreadLocal<CharsetDecoder> UTF8 =
      new FastThreadLocal<>() {
        @Override
        protected CharsetDecoder initialValue() {
          return StandardCharsets.UTF_8.newDecoder();
        }
      };

  private final Channel channel;
  private final Context context;
  private final Handler<WebSocketFrame> reader = this::read;
  private final int maxMessageBytes;
  private final double controlPerNano;
  private final double controlBurst;
  private final Runnable onGone;
  private double controlTokens;
  private long controlRefilledAt;

  /** The latest ping read while the channel was not writable, answered once it is. */
  private ByteBuf unansweredPing;

  private Listener listener;
  private CompositeByteBuf fragments;
  private boolean fragmentsAreText;
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
    this.controlPerNano = controlFramesPerSecond / 1e9;
    this.controlBurst = (double) controlFramesPerSecond * CONTROL_BURST_SECONDS;
    this.controlTokens = controlBurst;
    this.controlRefilledAt = ticker().nanoTime();
    this.onGone = onGone;
  }

  public void listener(Listener listener) {
    this.listener = listener;
  }

  public Channel channel() {
    return channel;
  }

  /** A keepalive ping; skipped while the client is not reading what it was sent already. */
  public void writePing(String payload) {
    if (!closeSent && channel.isWritable()) {
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
    channel.writeAndFlush(closeFrame(code, reason));
    closeAfterTimeout();
  }

  /** A close frame with {@code code} and {@code reason}, cut to fit (reasons are ASCII). */
  private ByteBuf closeFrame(short code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    ByteBuf payload = Unpooled.buffer(2 + text.length).writeShort(code);
    payload.writeBytes(text, 0, Math.min(text.length, MAX_CONTROL_PAYLOAD - 2));
    return control(OP_CLOSE, payload);
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
    channel.writeAndFlush(closeFrame(code, reason)).addListener(f -> linger());
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
        fragmentsAreText = text;
        fragments = channel.alloc().compositeBuffer();
        append(frame.content());
      }
    } else if (frame instanceof ContinuationWebSocketFrame) {
      if (fragments == null) {
        fail(PROTOCOL_ERROR, "continuation without a first fragment");
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
      if (controlFrameAllowed()) {
        pong(frame.content());
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
            .writeAndFlush(control(OP_CLOSE, echo == null ? Unpooled.EMPTY_BUFFER : echo.retain()))
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
    long now = ticker().nanoTime();
    controlTokens =
        Math.min(controlBurst, controlTokens + (now - controlRefilledAt) * controlPerNano);
    controlRefilledAt = now;
    if (controlTokens < 1) {
      fail(POLICY_VIOLATION, "control frame flood");
      return false;
    }
    controlTokens -= 1;
    return true;
  }

  /** Answers a ping now, or keeps it as the one to answer when the client reads again. */
  private void pong(ByteBuf payload) {
    if (channel.isWritable()) {
      channel.writeAndFlush(control(OP_PONG, payload.retain()));
    } else {
      if (unansweredPing != null) {
        unansweredPing.release();
      }
      unansweredPing = payload.retain();
      channel.config().setAutoRead(false);
    }
  }

  /** Reading stops while the client is not taking what it was sent, and resumes when it is. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (closeSent) {
      return;
    }
    if (channel.isWritable()) {
      ByteBuf ping = unansweredPing;
      unansweredPing = null;
      if (ping != null) {
        channel.writeAndFlush(control(OP_PONG, ping));
      }
      channel.config().setAutoRead(true);
    } else {
      channel.config().setAutoRead(false);
    }
  }

  /** Adds a fragment; false (and a 1009 close) once the message would exceed the limit. */
  private boolean append(ByteBuf part) {
    if (fragments.readableBytes() + part.readableBytes() > maxMessageBytes) {
      fail(MESSAGE_TOO_BIG, "message over " + maxMessageBytes + " bytes");
      return false;
    }
    fragments.addComponent(true, part.retain());
    return true;
  }

  private void message(boolean text, ByteBuf content) {
    if (closeSent) {
      return; // RFC 6455 §1.4: after a close, data frames are not processed
    }
    String decoded;
    try {
      // binary messages too: both protocols on this socket read them as UTF-8 text
      decoded = UTF8.get().reset().decode(content.nioBuffer()).toString();
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
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
    if (unansweredPing != null) {
      unansweredPing.release();
      unansweredPing = null;
    }
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

  /** The channel's event loop's clock (advanced by hand in tests). */
  private Ticker ticker() {
    return channel.eventLoop() instanceof AbstractScheduledEventExecutor loop
        ? loop.ticker()
        : Ticker.systemTicker();
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

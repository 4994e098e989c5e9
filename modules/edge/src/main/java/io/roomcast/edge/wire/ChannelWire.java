package io.roomcast.edge.wire;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;
import io.roomcast.core.vertx.HttpPipelines;
import io.roomcast.core.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;

/**
 * The outbound side of one browser connection: whole pre-encoded wire frames (a WebSocket frame, an
 * HTTP chunk) written straight to the connection's channel on its event loop, shared by every
 * connection that gets the same event.
 *
 * <p>Writes are flushed once per event-loop turn, not once per frame: every connection written
 * during a turn is flushed at its end, so frames that meet on one connection (a hot room, a resume,
 * a burst) leave in one system call, and a lone frame leaves as soon as the task that wrote it
 * ends. Other writes on the connection (pings, the close) share the channel and keep their order
 * behind these.
 */
public final class ChannelWire implements Outbox.Sink {
  private static final FastThreadLocal<Flushes> LOOP =
      new FastThreadLocal<>() {
        @Override
        protected Flushes initialValue() {
          return new Flushes();
        }
      };

  private final ChannelOutboundInvoker out;
  private final Channel channel;
  private final Context context;
  private final ChannelPromise silent;
  private boolean dirty;

  private ChannelWire(ChannelOutboundInvoker out, Channel channel, Context context) {
    this.out = out;
    this.channel = channel;
    this.context = context;
    // a failed write means the connection is gone: its close handler ends it
    this.silent = new VoidChannelPromise(channel, false);
  }

  /**
   * Whole frames written through the channel's pipeline: a WebSocket served by {@code WsSocket} has
   * no encoder, its frames are encoded already. {@code context}'s thread must be the channel's
   * event loop.
   */
  public static ChannelWire of(Channel channel, Context context) {
    return new ChannelWire(channel, channel, context);
  }

  /**
   * Frames written below the HTTP/1.x response encoder (already chunk-framed), or null when the
   * connection has none (then the response writes through Vert.x).
   */
  public static ChannelWire belowHttpEncoder(Channel channel, Context context) {
    ChannelHandlerContext encoder = channel == null ? null : HttpPipelines.belowEncoder(channel);
    return encoder == null ? null : new ChannelWire(encoder, channel, context);
  }

  @Override
  public boolean writeQueueFull() {
    return !channel.isWritable();
  }

  @Override
  public void write(Buffer frame) {
    if (!channel.eventLoop().inEventLoop()) {
      // not the connection's thread (never on the delivery path): Netty hands it over
      out.writeAndFlush(VertxInternals.byteBuf(frame), silent);
      return;
    }
    out.write(VertxInternals.byteBuf(frame), silent);
    flushLater();
  }

  /** Calls {@code handler} on the connection's context once everything written so far has left. */
  @Override
  public void drainHandler(Handler<Void> handler) {
    out.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> context.runOnContext(handler));
  }

  /**
   * Drops the connection at once, with whatever has not left yet. The close starts below Vert.x's
   * handler, which would otherwise wait for the frames that cannot leave.
   */
  public void abort() {
    ChannelHandlerContext first = channel.pipeline().firstContext();
    if (first != null) {
      first.close();
    } else {
      channel.close(); // an empty pipeline: nothing below Vert.x to bypass
    }
  }

  private void flushLater() {
    if (!dirty) {
      dirty = true;
      LOOP.get().add(this);
    }
  }

  private void flush() {
    dirty = false;
    out.flush();
  }

  /** The connections one event loop wrote to in the current turn. */
  private static final class Flushes implements Runnable {
    private ArrayList<ChannelWire> pending = new ArrayList<>();
    private ArrayList<ChannelWire> spare = new ArrayList<>();

    void add(ChannelWire wire) {
      pending.add(wire);
      if (pending.size() == 1) {
        wire.channel.eventLoop().execute(this);
      }
    }

    @Override
    public void run() {
      ArrayList<ChannelWire> now = pending;
      pending = spare;
      for (ChannelWire wire : now) {
        wire.flush();
      }
      now.clear();
      spare = now;
    }
  }
}

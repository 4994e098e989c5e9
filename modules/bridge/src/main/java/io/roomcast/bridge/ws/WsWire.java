package io.roomcast.bridge.ws;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;
import io.roomcast.bridge.Outbox;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;

/**
 * The outbound side of one WebSocket: whole pre-encoded frames ({@link
 * io.roomcast.bridge.hub.WsFormat}) written straight to the socket's channel on its event loop.
 *
 * <p>Writes are flushed once per event-loop turn, not once per frame: every socket written during a
 * turn is flushed at its end, so frames that meet on one connection (a hot room, a resume, a burst)
 * leave in one system call, and a lone frame leaves as soon as the fan-out task that wrote it ends.
 * Vert.x's own frames on the socket (pings, the close) share the channel and keep their order
 * behind these.
 */
final class WsWire implements Outbox.Sink {
  private static final FastThreadLocal<Flushes> LOOP =
      new FastThreadLocal<>() {
        @Override
        protected Flushes initialValue() {
          return new Flushes();
        }
      };

  private final Channel channel;
  private final Context context;
  private final ChannelPromise silent;
  private boolean dirty;

  /**
   * @param context the socket's Vert.x context, whose thread is the channel's event loop
   */
  WsWire(Channel channel, Context context) {
    this.channel = channel;
    this.context = context;
    // a failed write means the socket is gone: its close handler ends the connection
    this.silent = new VoidChannelPromise(channel, false);
  }

  @Override
  public boolean writeQueueFull() {
    return !channel.isWritable();
  }

  @Override
  public void write(Buffer frame) {
    channel.write(((BufferInternal) frame).getByteBuf(), silent);
    if (!dirty) {
      dirty = true;
      LOOP.get().add(this);
    }
  }

  /** Calls {@code handler} on the socket's context once everything written so far has left. */
  @Override
  public void drainHandler(Handler<Void> handler) {
    channel.write(Unpooled.EMPTY_BUFFER).addListener(f -> context.runOnContext(handler));
    if (!dirty) {
      dirty = true;
      LOOP.get().add(this);
    }
  }

  /**
   * Drops the connection at once, with whatever has not left yet. The close starts below Vert.x's
   * handler, which would otherwise queue a closing handshake behind the frames that cannot leave.
   */
  void abort() {
    channel.pipeline().firstContext().close();
  }

  private void flush() {
    dirty = false;
    channel.flush();
  }

  /** The sockets one event loop wrote to in the current turn. */
  private static final class Flushes implements Runnable {
    private ArrayList<WsWire> pending = new ArrayList<>();
    private ArrayList<WsWire> spare = new ArrayList<>();

    void add(WsWire wire) {
      pending.add(wire);
      if (pending.size() == 1) {
        wire.channel.eventLoop().execute(this);
      }
    }

    @Override
    public void run() {
      ArrayList<WsWire> now = pending;
      pending = spare;
      for (WsWire wire : now) {
        wire.flush();
      }
      now.clear();
      spare = now;
    }
  }
}

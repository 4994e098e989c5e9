package io.roomcast.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.vertx.HttpPipelines;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Time limits of one HTTP/1.x connection while it is HTTP: its request headers must be complete
 * within {@code headerMs} of the connection opening or of the first byte of a later request
 * (otherwise 408, then close), and it may sit idle between requests for at most {@code idleMs}.
 * While a request is being served (an SSE stream, a long body) no limit applies, and a connection
 * that left HTTP (a WebSocket after its 101) is no longer watched.
 *
 * <p>Two handlers share the state: one below the request decoder sees the first byte of a request,
 * one above the codec sees whole request heads and the end of each response.
 */
final class ConnectionGuard {
  static final String BYTES = "roomcastHeadTimer";
  static final String MESSAGES = "roomcastIdleTimer";

  private static final byte[] TIMEOUT =
      response(
          "408 Request Timeout",
          HttpErrors.body(
              ErrorCode.REQUEST_TIMEOUT.exception("request headers not complete in time")));

  private final long headerMs;
  private final long idleMs;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private long requests;
  private long responses;
  private boolean head = true;
  private boolean informational;

  private ConnectionGuard(long headerMs, long idleMs) {
    this.headerMs = headerMs;
    this.idleMs = idleMs;
  }

  /** Watches a fresh connection: call on its event loop before it reads anything. */
  static void install(ChannelPipeline pipeline, long headerMs, long idleMs) {
    if (pipeline.get(HttpPipelines.DECODER) == null
        || pipeline.get(HttpPipelines.HANDLER) == null) {
      return; // not an HTTP/1.x connection
    }
    ConnectionGuard guard = new ConnectionGuard(headerMs, idleMs);
    pipeline.addBefore(HttpPipelines.DECODER, BYTES, guard.new Bytes());
    pipeline.addBefore(HttpPipelines.HANDLER, MESSAGES, guard.new Messages());
  }

  private static byte[] response(String status, byte[] body) {
    String head =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  private void arm(long ms, Runnable action) {
    cancel();
    timer = ctx.executor().schedule(action, ms, TimeUnit.MILLISECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private boolean idle() {
    return requests == responses;
  }

  private void headersLate() {
    timer = null;
    if (!stillHttp() || !idle()) {
      return;
    }
    ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
  }

  private void idleTooLong() {
    timer = null;
    if (stillHttp() && idle() && !head) {
      ctx.close();
    }
  }

  private boolean stillHttp() {
    return ctx.channel().isActive() && ctx.pipeline().get(HttpPipelines.DECODER) != null;
  }

  private void leave(ChannelPipeline pipeline) {
    cancel();
    if (pipeline.get(BYTES) != null) {
      pipeline.remove(BYTES);
    }
    if (pipeline.get(MESSAGES) != null) {
      pipeline.remove(MESSAGES);
    }
  }

  /** Below the decoder: the first byte of a request starts its header clock. */
  private final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext c) {
      ctx = c;
      arm(headerMs, ConnectionGuard.this::headersLate);
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (!head && idle() && msg instanceof ByteBuf b && b.isReadable()) {
        head = true;
        arm(headerMs, ConnectionGuard.this::headersLate);
      }
      c.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
      cancel();
      c.fireChannelInactive();
    }
  }

  /** Above the codec: a whole request head stops the clocks, a response's end restarts them. */
  private final class Messages extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (msg instanceof HttpRequest) {
        requests++;
        head = false;
        cancel();
      }
      c.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) {
      boolean switched = false;
      if (msg instanceof HttpResponse r) {
        switched = r.status().code() == 101;
        informational = r.status().codeClass() == HttpStatusClass.INFORMATIONAL && !switched;
      }
      boolean ends = msg instanceof LastHttpContent && !informational;
      c.write(msg, promise);
      if (switched) {
        leave(c.pipeline()); // the connection leaves HTTP: its new protocol keeps its own time
      } else if (ends && ++responses >= requests && !head) {
        arm(idleMs, ConnectionGuard.this::idleTooLong);
      }
    }
  }
}

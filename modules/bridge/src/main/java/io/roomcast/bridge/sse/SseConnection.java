package io.roomcast.bridge.sse;

import io.roomcast.bridge.Connections;
import io.roomcast.bridge.EdgeConnection;
import io.roomcast.bridge.hub.Frame;
import io.roomcast.bridge.hub.NodeHub;
import io.roomcast.bridge.hub.SseFormat;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.RoomcastConfig.EdgeConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Server-Sent Events stream. Frames go straight to the socket while it keeps up; when the
 * socket's write queue is full they wait in a bounded queue and are written as one coalesced buffer
 * on drain. A client that falls {@code queueFrames} behind is disconnected with a final frame, so
 * it never holds memory or slows anyone else.
 */
public final class SseConnection extends EdgeConnection {
  private static final long CLOSE_GRACE_MS = 5_000;

  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final EdgeConfig config;
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private final long keepaliveMs;
  private boolean started;
  private boolean ended;
  private long lastWriteMs = System.currentTimeMillis();

  public SseConnection(
      String id,
      Identity identity,
      Context context,
      NodeHub hub,
      HttpServerRequest request,
      Connections registry,
      EdgeConfig config) {
    super(id, identity, context, hub, registry);
    this.response = request.response();
    this.connection = request.connection();
    this.config = config;
    this.keepaliveMs = config.keepaliveSeconds() * 1000L;
    response.closeHandler(v -> ended());
    response.exceptionHandler(e -> ended());
  }

  /** Sends the response head; events are held until {@link #start} writes the first frame. */
  public void open() {
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache, no-transform")
        .putHeader("X-Accel-Buffering", "no")
        .putHeader("Connection", "keep-alive");
    response.writeHead();
  }

  /** Follows the addresses; completes when every one of them is registered cluster-wide. */
  public Future<Void> followAll(List<String> addresses) {
    return Future.all(addresses.stream().map(this::follow).toList()).mapEmpty();
  }

  /** Writes the first frame (reconnect delay + snapshot), then whatever arrived meanwhile. */
  public void start(String event, JsonObject data) {
    if (ended) {
      return;
    }
    Buffer held = coalesce();
    started = true;
    write(SseFormat.first(config.reconnectDelayMs(), event, data.encode()));
    if (held != null) {
      write(held);
    }
  }

  @Override
  public void deliver(String address, Frame frame) {
    if (ended) {
      return;
    }
    if (!started) {
      enqueue(frame.sse());
    } else {
      write(frame.sse());
    }
  }

  private void write(Buffer b) {
    lastWriteMs = System.currentTimeMillis();
    if (queue.isEmpty() && !response.writeQueueFull()) {
      response.write(b);
    } else {
      enqueue(b);
    }
  }

  private void enqueue(Buffer b) {
    if (queue.size() >= config.queueFrames()) {
      close(ErrorCode.SLOW_CONSUMER, "client fell too far behind; reconnect to resume");
      return;
    }
    queue.add(b);
    if (started && queue.size() == 1) {
      response.drainHandler(v -> flush());
    }
  }

  private void flush() {
    Buffer all = coalesce();
    if (all != null && !ended) {
      response.write(all);
    }
  }

  /** All queued frames as one buffer (one write, one syscall), or null when none. */
  private Buffer coalesce() {
    if (queue.isEmpty()) {
      return null;
    }
    if (queue.size() == 1) {
      return queue.poll();
    }
    int size = 0;
    for (Buffer b : queue) {
      size += b.length();
    }
    Buffer all = Buffer.buffer(size);
    for (Buffer b; (b = queue.poll()) != null; ) {
      all.appendBuffer(b);
    }
    return all;
  }

  @Override
  public void sweep(long nowMs) {
    if (started && !ended && nowMs - lastWriteMs >= keepaliveMs) {
      write(SseFormat.comment("keepalive"));
    }
  }

  @Override
  public void close(ErrorCode reason, String message) {
    if (ended) {
      return;
    }
    JsonObject why =
        new JsonObject()
            .put("code", reason.code())
            .put("message", message)
            .put("reconnect", reason != ErrorCode.UNAUTHORIZED && reason != ErrorCode.FORBIDDEN);
    queue.clear();
    response.write(SseFormat.event(null, "close", why.encode()));
    response.end();
    ended();
    // a stalled client may never read the final frame: do not hold the socket for it
    context
        .owner()
        .setTimer(
            CLOSE_GRACE_MS,
            t -> {
              if (!response.closed()) {
                connection.shutdown(0, TimeUnit.SECONDS); // hard close: it stopped reading
              }
            });
  }

  private void ended() {
    if (ended) {
      return;
    }
    ended = true;
    queue.clear();
    release();
  }
}

package io.roomcast.bridge.sse;

import io.roomcast.bridge.Connections;
import io.roomcast.bridge.EdgeConnection;
import io.roomcast.bridge.Outbox;
import io.roomcast.bridge.hub.EdgeMetrics;
import io.roomcast.bridge.hub.Frame;
import io.roomcast.bridge.hub.NodeHub;
import io.roomcast.bridge.hub.SseFormat;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.RoomcastConfig.EdgeConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Server-Sent Events stream. Events wait in the {@link Outbox} until the first frame (the
 * snapshot) is written; a client that falls {@code queueFrames} behind is disconnected with a final
 * {@code close} frame.
 */
public final class SseConnection extends EdgeConnection {
  private static final long CLOSE_GRACE_MS = 5_000;

  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final EdgeConfig config;
  private final Outbox outbox;
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
    this.outbox =
        new Outbox(
            new ResponseSink(response),
            config.queueFrames(),
            true,
            true,
            () ->
                close(ErrorCode.SLOW_CONSUMER, "client fell too far behind; reconnect to resume"));
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
    started = true;
    lastWriteMs = System.currentTimeMillis();
    outbox.release(SseFormat.first(config.reconnectDelayMs(), event, data.encode()));
  }

  @Override
  public void deliver(String address, Frame frame) {
    if (!ended) {
      send(frame.sse());
    }
  }

  private void send(Buffer b) {
    lastWriteMs = System.currentTimeMillis();
    outbox.send(b);
  }

  @Override
  public String transport() {
    return EdgeMetrics.SSE;
  }

  @Override
  public void sweep(long nowMs) {
    if (started && !ended && nowMs - lastWriteMs >= keepaliveMs) {
      send(SseFormat.comment("keepalive"));
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
    outbox.clear();
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
    outbox.clear();
    release();
  }

  private record ResponseSink(HttpServerResponse response) implements Outbox.Sink {
    @Override
    public boolean writeQueueFull() {
      return response.writeQueueFull();
    }

    @Override
    public void write(Buffer frame) {
      response.write(frame);
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
      response.drainHandler(handler);
    }
  }
}

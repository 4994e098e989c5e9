package io.roomcast.edge.sse;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.client.Namespaces;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.vertx.VertxInternals;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.EdgeConnection;
import io.roomcast.edge.connection.TypeFilter;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.wire.ChannelWire;
import io.roomcast.edge.wire.EncodedEvent;
import io.roomcast.edge.wire.Outbox;
import io.roomcast.edge.wire.SseEncoding;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
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
  private final ChannelWire wire;
  private final Outbox.Sink sink;
  private final int reconnectDelayMs;
  private final Outbox outbox;
  private final long keepaliveMs;
  private final boolean htmlFormat;
  private final TypeFilter types;
  private boolean started;
  private boolean ended;

  private final StreamStart starts;
  private final StreamCursor streamCursor;
  private final int maxWaiting;
  private long lastWriteMs;

  public SseConnection(
      String id,
      Identity identity,
      Context context,
      Edge edge,
      HttpServerRequest request,
      SseOptions options) {
    super(id, identity, Edge.ip(request), context, edge);
    EdgeConfig config = edge.config();
    this.lastWriteMs = clock.millis();
    this.response = request.response();
    this.connection = request.connection();
    this.streamCursor = options.cursor();
    this.starts = new StreamStart(edge.history(), options.since(), streamCursor);
    this.maxWaiting = config.queueFrames();
    this.reconnectDelayMs = config.reconnectDelayMs();
    this.keepaliveMs = config.keepaliveSeconds() * 1000L;
    this.htmlFormat = options.html();
    this.types = options.types();
    // HTTP/1.1 streams get pre-chunked frames straight on the channel; others go through Vert.x
    this.wire =
        request.version() == HttpVersion.HTTP_1_1
            ? ChannelWire.belowHttpEncoder(VertxInternals.channel(connection), context)
            : null;
    this.sink = wire != null ? wire : new ResponseSink(response);
    this.outbox =
        new Outbox(
            sink,
            config.queueFrames(),
            true,
            true,
            metrics,
            () ->
                close(ErrorCode.SLOW_CONSUMER, "client fell too far behind; reconnect to resume"));
    response.closeHandler(v -> ended());
    response.exceptionHandler(e -> ended());
    if (response.closed()) {
      ended(); // gone before the stream was accepted (say, during the token check): no close event
    }
  }

  /** Sends the response head; events are held until {@link #start} writes the first frame. */
  public void open() {
    if (ended) {
      return;
    }
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
    List<String> rooms =
        addresses.stream().map(Addresses::roomOf).filter(Objects::nonNull).toList();
    rooms.forEach(starts::hold);
    return Future.all(addresses.stream().map(this::follow).toList())
        .compose(v -> Future.all(rooms.stream().map(starts::resume).toList()))
        .mapEmpty();
  }

  /**
   * Writes the first frame (reconnect delay, then the snapshots: one per room, none in the HTML
   * format), then whatever arrived meanwhile. Each room's snapshot carries the position its events
   * continue after.
   */
  public void start(List<JsonObject> snapshots) {
    if (ended) {
      return;
    }
    started = true;
    lastWriteMs = clock.millis();
    outbox.release(framed(starts.firstFrame(snapshots, reconnectDelayMs, htmlFormat)));
    starts.sendResumed(this::sendEvent, this::deliver);
  }

  @Override
  public void deliver(String address, EncodedEvent frame) {
    if (ended || !delivering(address, frame)) {
      return;
    }
    if (!starts.admit(frame)) {
      if (starts.waiting() > maxWaiting) {
        close(ErrorCode.SLOW_CONSUMER, "too many events while resuming; reconnect to resume");
      }
      return;
    }
    sendEvent(frame);
  }

  /**
   * Whether this address brings {@code frame} to the stream: a namespace only for rooms the token
   * covers, and only when no exact room or longer namespace followed here brings it, so each event
   * arrives once.
   */
  private boolean delivering(String address, EncodedEvent frame) {
    String room = frame.room();
    if (room == null || Addresses.namespaceOf(address) == null) {
      return true;
    }
    if (!identity.canSubscribe(room) || follows(Addresses.room(room))) {
      return false;
    }
    List<String> namespaces = Namespaces.of(room);
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      String ns = Addresses.namespace(namespaces.get(i));
      if (follows(ns)) {
        return ns.equals(address);
      }
    }
    return false;
  }

  /**
   * Only the asked types go out (resets always); in the HTML format, only events with a fragment.
   */
  private void sendEvent(EncodedEvent f) {
    if (!f.isReset() && (!types.matches(f.type()) || htmlFormat && !f.hasHtml())) {
      return;
    }
    if (streamCursor != null) {
      boolean moved = streamCursor.advance(f);
      Buffer bare = htmlFormat && !f.isReset() ? f.sseHtmlBare() : f.sseBare();
      send(framed(moved ? SseEncoding.numbered(streamCursor.current(), bare) : bare), f);
    } else {
      send(encoded(f), f);
    }
  }

  private void send(Buffer b) {
    lastWriteMs = clock.millis();
    outbox.send(framed(b));
  }

  /** An event's shared encoding for this stream's write path. */
  private Buffer encoded(EncodedEvent f) {
    if (htmlFormat && !f.isReset()) {
      return wire != null ? f.sseHtmlChunk() : f.sseHtml();
    }
    return wire != null ? f.sseChunk() : f.sse();
  }

  /** A frame of this stream alone, chunked when written below the HTTP encoder. */
  private Buffer framed(Buffer b) {
    return wire != null ? SseEncoding.chunk(b) : b;
  }

  private void send(Buffer b, EncodedEvent event) {
    lastWriteMs = clock.millis();
    outbox.send(b, event);
  }

  @Override
  public String transport() {
    return EdgeMetrics.SSE;
  }

  @Override
  public boolean accepts(String type) {
    return types.matches(type);
  }

  @Override
  public long sweep(long nowMs) {
    if (ended) {
      return Long.MAX_VALUE;
    }
    if (expired(nowMs)) {
      close(ErrorCode.TOKEN_EXPIRED, "token expired: reconnect with a new token");
      return Long.MAX_VALUE;
    }
    if (!started) {
      return nowMs; // the stream is still opening: look again at the next sweep
    }
    if (nowMs - lastWriteMs >= keepaliveMs) {
      send(SseEncoding.comment("keepalive"));
    }
    return Math.min(expiresAtMs(), lastWriteMs + keepaliveMs);
  }

  /**
   * A stream takes no new rooms; one that follows a room the backend revokes ends with {@code
   * forbidden}.
   */
  @Override
  protected boolean leave(List<String> rooms) {
    super.leave(rooms);
    for (String room : rooms) {
      if (follows(Addresses.room(room))) {
        close(ErrorCode.FORBIDDEN, "access to room '" + room + "' was revoked");
        return true;
      }
    }
    return false;
  }

  @Override
  public void close(ErrorCode reason, String message, boolean reconnect) {
    if (ended) {
      return;
    }
    JsonObject why =
        new JsonObject()
            .put("code", reason.code())
            .put("message", message)
            .put("reconnect", reconnect);
    starts.position(why, outbox);
    outbox.clear();
    // past the queue, behind every frame already written
    sink.write(framed(SseEncoding.event(null, "close", why.encode())));
    response.end();
    ended();
    // a stalled client may never read the final frame: do not hold the socket for it
    context
        .owner()
        .setTimer(
            CLOSE_GRACE_MS,
            t -> {
              if (!response.closed()) { // hard close: it stopped reading
                if (wire != null) {
                  wire.abort();
                } else {
                  connection.shutdown(0, TimeUnit.SECONDS);
                }
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
}

package io.roomcast.bridge.ws;

import io.roomcast.bridge.ChannelWire;
import io.roomcast.bridge.Edge;
import io.roomcast.bridge.EdgeConnection;
import io.roomcast.bridge.Outbox;
import io.roomcast.bridge.Resumption;
import io.roomcast.bridge.RoomCursors;
import io.roomcast.bridge.TypeFilter;
import io.roomcast.bridge.hub.EdgeMetrics;
import io.roomcast.bridge.hub.Frame;
import io.roomcast.bridge.hub.WsFormat;
import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.RoomcastConfig.EdgeConfig;
import io.roomcast.core.history.StreamPosition;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * One WebSocket client: the connection state (subscriptions, type filter, liveness) and the
 * outbound path. What each client op means lives in {@link WsOps}.
 */
public final class WsConnection extends EdgeConnection implements WsSocket.Listener {
  private final WsSocket socket;
  private final EdgeConfig config;
  private final ChannelWire wire;
  private final Outbox outbox;
  private final WsOps ops;
  private volatile TypeFilter filter = TypeFilter.ALL;
  private long lastHeardMs = System.currentTimeMillis();
  private long lastPingMs = lastHeardMs;
  private boolean closed;

  // History and resume: each room's position, live events held while a room resumes.
  private final RoomCursors cursors = new RoomCursors();
  private final Map<String, StreamPosition> startedAt = new HashMap<>();

  WsConnection(
      String id, Identity identity, String ip, Context context, Edge edge, WsSocket socket) {
    super(id, identity, ip, context, edge);
    this.socket = socket;
    this.config = edge.config();
    this.wire = ChannelWire.of(socket.channel(), context);
    this.outbox =
        new Outbox(
            wire,
            config.queueFrames(),
            false,
            false,
            () ->
                close(ErrorCode.SLOW_CONSUMER, "client fell too far behind; reconnect to resume"));
    this.ops = new WsOps(this, edge);
    socket.listener(this);
  }

  /** Follows the user's inbox, then welcomes: from the welcome on, pushes reach this socket. */
  void start() {
    follow(Addresses.user(identity.user()))
        .onComplete(r -> reply(WsFrames.welcome(id, identity.user())));
  }

  @Override
  public void text(String text) {
    heard();
    if (text.length() > config.maxFrameBytes()) {
      close(ErrorCode.PAYLOAD_TOO_LARGE, "frame over " + config.maxFrameBytes() + " bytes");
      return;
    }
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (RuntimeException e) {
      reply(WsFrames.error(ErrorCode.INVALID_JSON.exception("frame is not a JSON object"), null));
      return;
    }
    ops.handle(msg);
  }

  @Override
  public void binary(String content) {
    heard();
    reply(WsFrames.error(ErrorCode.INVALID_REQUEST.exception("send text frames"), null));
  }

  @Override
  public void pong() {
    heard();
  }

  @Override
  public void closed() {
    ended();
  }

  private void heard() {
    lastHeardMs = System.currentTimeMillis();
  }

  /** Sends a control frame (ack, error, snapshot...) through the same bounded queue. */
  void reply(JsonObject frame) {
    if (!closed) {
      outbox.send(WsFormat.text(frame.toBuffer()));
    }
  }

  @Override
  public void deliver(String address, Frame frame) {
    if (closed || (!frame.isReset() && !filter.matches(frame.type()))) {
      return;
    }
    String room = frame.room();
    if (room != null && !address.startsWith(Addresses.ROOM_PREFIX)) {
      // wildcard delivery: only rooms the token covers, and once even if several patterns match
      if (!identity.canSubscribe(room) || !address.equals(ops.deliveringAddress(room))) {
        return;
      }
    }
    if (!cursors.admit(frame)) {
      if (cursors.waiting() > config.queueFrames()) {
        close(ErrorCode.SLOW_CONSUMER, "too many events while resuming; reconnect to resume");
      }
      return;
    }
    outbox.send(frame.ws(), frame);
  }

  /** Keeps {@code room}'s live durable events back until {@link #resumed} places the socket. */
  void hold(String room) {
    cursors.hold(room);
  }

  /** Sends a reset or what the room missed, then the live events that waited meanwhile. */
  void resumed(Resumption r) {
    startedAt.put(r.room(), r.at());
    for (Frame f : r.frames()) {
      outbox.send(f.ws(), f);
    }
    for (Frame f : cursors.release(r.room(), r.at())) {
      deliver(Addresses.room(r.room()), f);
    }
  }

  /** A resume that could not be read: live events flow again from wherever they are. */
  void unheld(String room) {
    cursors.forget(room);
  }

  /**
   * {@code since} for a reconnect, shaped as {@code subscribe} takes it: the last durable event of
   * each room written to the socket, or where the room started.
   */
  private JsonObject withPositions(JsonObject error) {
    if (startedAt.isEmpty()) {
      return error;
    }
    JsonObject since = new JsonObject();
    startedAt.forEach(
        (room, start) -> {
          Frame last = outbox.lastWritten(room);
          since.put(
              room,
              last == null
                  ? start.toJson()
                  : new StreamPosition(last.epoch(), last.seq()).toJson());
        });
    return error.put("since", since);
  }

  @Override
  public boolean accepts(String type) {
    return filter.matches(type);
  }

  void filter(TypeFilter filter) {
    this.filter = filter;
  }

  Identity who() {
    return identity;
  }

  EdgeConfig config() {
    return config;
  }

  /** A refreshed token for the same user replaces the identity in place. */
  void refreshed(Identity next) {
    identity = next;
  }

  io.vertx.core.Future<Void> followAddress(String address) {
    return follow(address);
  }

  void unfollowAddress(String address) {
    unfollow(address);
  }

  boolean followsAddress(String address) {
    return follows(address);
  }

  @Override
  public String transport() {
    return EdgeMetrics.WS;
  }

  @Override
  public void sweep(long nowMs) {
    if (closed) {
      return;
    }
    if (expired(nowMs)) {
      close(ErrorCode.TOKEN_EXPIRED, "token expired: refresh it or reconnect with a new one");
    } else if (nowMs - lastHeardMs >= config.idleTimeoutSeconds() * 1000L) {
      close(ErrorCode.IDLE_TIMEOUT, "no frame or pong within the idle timeout");
    } else if (nowMs - Math.max(lastHeardMs, lastPingMs) >= config.pingSeconds() * 1000L) {
      lastPingMs = nowMs;
      socket.writePing("rc");
    }
  }

  @Override
  public void close(ErrorCode reason, String message) {
    if (closed) {
      return;
    }
    outbox.clear();
    RoomcastException why = reason.exception(message);
    // written through the same channel, so it leaves after every frame already written
    wire.write(
        WsFormat.text(
            withPositions(WsFrames.error(why, null))
                .put("reconnect", WsFrames.closeCode(reason) < 4100)
                .toBuffer()));
    if (wire.writeQueueFull()) {
      wire.abort(); // the client is not reading: no closing handshake can reach it
    } else {
      socket.close(WsFrames.closeCode(reason), reason.code());
    }
    ended();
  }

  private void ended() {
    if (closed) {
      return;
    }
    closed = true;
    outbox.clear();
    release();
  }
}

package io.roomcast.edge.ws;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.Resumption;
import io.roomcast.edge.connection.RoomCursors;
import io.roomcast.edge.connection.RoomRefusal;
import io.roomcast.edge.connection.TypeFilter;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.wire.EncodedEvent;
import io.roomcast.edge.wire.WsEncoding;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One WebSocket client: the connection state (subscriptions, type filter, liveness) and the
 * outbound path. What each client op means lives in {@link WsOps}.
 */
public final class WsConnection extends WsSocketConnection {
  private final WsOps ops;
  private volatile TypeFilter filter = TypeFilter.ALL;

  // History and resume: each room's position, live events held while a room resumes.
  private final RoomCursors cursors = new RoomCursors();
  private final Map<String, StreamPosition> startedAt = new HashMap<>();

  WsConnection(
      String id, Identity identity, String ip, Context context, Edge edge, WsSocket socket) {
    super(id, identity, ip, context, edge, socket);
    this.ops = new WsOps(this, edge);
  }

  /**
   * Follows the user's inbox and claims {@code cid} (null: none), then welcomes: from the welcome
   * on, pushes reach this socket, and the connection it replaced is closed.
   */
  void start(String cid) {
    Future<Void> claimed = claim(cid);
    Future.join(follow(Addresses.user(identity.user())), claimed)
        .onComplete(
            r -> {
              if (claimed.failed()) {
                close(ErrorCode.UNAVAILABLE, "could not register the cid; reconnect");
              } else {
                reply(WsMessages.welcome(id, identity.user(), cid));
              }
            });
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
      reply(WsMessages.error(ErrorCode.INVALID_JSON.exception("frame is not a JSON object"), null));
      return;
    }
    ops.handle(msg, text.length());
  }

  @Override
  public void binary(String content) {
    heard();
    reply(WsMessages.error(ErrorCode.INVALID_REQUEST.exception("send text frames"), null));
  }

  /** Sends a control frame (ack, error, snapshot...) through the same bounded queue. */
  void reply(JsonObject frame) {
    if (!released()) {
      outbox.send(WsEncoding.text(frame.toBuffer()));
    }
  }

  @Override
  public void deliver(String address, EncodedEvent frame) {
    if (released() || (!frame.isReset() && !filter.matches(frame.type()))) {
      return;
    }
    String room = frame.room();
    if (room != null && !address.startsWith(Addresses.ROOM_PREFIX)) {
      // wildcard delivery: only rooms the token covers, and once even if several patterns match
      if (!maySee(room) || !address.equals(ops.subscriptions().deliveringAddress(room))) {
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
    for (EncodedEvent f : r.frames()) {
      outbox.send(f.ws(), f);
    }
    for (EncodedEvent f : cursors.release(r.room(), r.at())) {
      deliver(Addresses.room(r.room()), f);
    }
  }

  /**
   * A deleted room is unsubscribed and the client told, {@code error {code:"room_deleted", room}};
   * the socket stays open for its other rooms.
   */
  @Override
  public void roomDeleted(String room) {
    if (ops.subscriptions().dropDeleted(room)) {
      startedAt.remove(room);
      RoomcastException why = ErrorCode.ROOM_DELETED.exception(RoomRefusal.deleted(room));
      reply(WsMessages.error(why, null).put("room", room));
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
          EncodedEvent last = outbox.lastWritten(room);
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

  @Override
  protected Future<Boolean> join(List<String> rooms) {
    return ops.subscriptions().grant(rooms);
  }

  @Override
  protected boolean leave(List<String> rooms) {
    ops.subscriptions().revoke(rooms);
    return true;
  }

  /** A refreshed token for the same user replaces the identity in place. */
  void refreshed(Identity next) {
    identity = next;
  }

  Future<Void> followAddress(String address) {
    return follow(address);
  }

  void unfollowAddress(String address) {
    unfollow(address);
  }

  /** True once the socket ended (an answer that arrives later has no one to go to). */
  boolean isReleased() {
    return released();
  }

  boolean followsAddress(String address) {
    return follows(address);
  }

  @Override
  public String transport() {
    return EdgeMetrics.WS;
  }

  @Override
  protected String expiredMessage() {
    return "token expired: refresh it or reconnect with a new one";
  }

  /** The {@code error} frame, with where each room stands for the reconnect. */
  @Override
  protected void farewell(ErrorCode reason, String message, boolean reconnect) {
    RoomcastException why = reason.exception(message);
    wire.write(
        WsEncoding.text(
            withPositions(WsMessages.error(why, null)).put("reconnect", reconnect).toBuffer()));
  }
}

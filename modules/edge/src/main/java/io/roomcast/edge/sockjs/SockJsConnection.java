package io.roomcast.edge.sockjs;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.EdgeConnection;
import io.roomcast.edge.connection.RoomRefusal;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SockJS bridge socket as a roomcast connection: an id for pushes, presence for the rooms it
 * registered on. Room and user deliveries go through the bridge's own registrations.
 */
final class SockJsConnection extends EdgeConnection {
  /** Events that reach a socket later than this after their publish mean it cannot keep up. */
  private static final long MAX_LAG_MS = 10_000;

  /** How often (in deliveries) the lag is read from an event's timestamp. */
  private static final int LAG_SAMPLE = 32;

  private final SockJSSocket socket;
  private final EdgeConfig edgeConfig;
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();
  private int sinceLagCheck;

  SockJsConnection(String id, Identity identity, Context context, Edge edge, SockJSSocket socket) {
    super(id, identity, host(socket.remoteAddress()), context, edge);
    this.socket = socket;
    this.edgeConfig = edge.config();
  }

  /** How many rooms this socket is registered on (what the subscription cap counts). */
  int rooms() {
    return presentRooms();
  }

  boolean holds(String room) {
    return presentIn(room);
  }

  /**
   * A bridge registration on {@code room}; ignored once the connection was released. A room the
   * backend subscribed the socket to comes through the hub until then: the registration's own
   * consumer takes over, so each event arrives once.
   */
  void registered(String room) {
    deleted.remove(Addresses.room(room)); // registered again, say once it was created again
    handOver(Addresses.room(room));
    joined(room);
  }

  /**
   * The backend subscribes the socket to exact {@code rooms}: the hub delivers them as {@code rec}
   * frames on each {@code room.<id>} and the inbox hears of it ({@link BridgeNotices}).
   */
  @Override
  protected Future<Boolean> join(List<String> rooms) {
    List<String> fresh = rooms.stream().filter(r -> !holds(r)).toList();
    try {
      edgeConfig.requireSubscriptions(rooms() + fresh.size());
    } catch (RoomcastException e) {
      socket.write(BridgeErrors.frame(e).put("rooms", new JsonArray(rooms)).toBuffer());
      return Future.succeededFuture(false);
    }
    rooms.forEach(grants()::grant);
    return Future.all(fresh.stream().map(r -> follow(Addresses.room(r))).toList())
        .map(
            v -> {
              socket.write(BridgeNotices.subscribed(identity.user(), rooms).toBuffer());
              return true;
            })
        .otherwise(false);
  }

  /**
   * The backend revokes {@code rooms}: they leave the hub and presence, and what the bridge's own
   * registrations still receive of them is dropped ({@link #mayReceive}).
   */
  @Override
  protected boolean leave(List<String> rooms) {
    for (String room : rooms) {
      grants().revoke(room);
      unfollow(Addresses.room(room));
      unregistered(room);
    }
    socket.write(BridgeNotices.unsubscribed(identity.user(), rooms).toBuffer());
    return true;
  }

  /** Whether a bridge delivery on {@code address} may reach the socket (not a revoked room). */
  boolean mayReceive(String address) {
    String room = Addresses.roomOf(address);
    return room == null || !grants().revoked(room);
  }

  void unregistered(String room) {
    left(room);
  }

  /**
   * A deleted room: its presence ends, the client is told with an {@code err} message, and the
   * bridge's own registration delivers nothing more ({@link #delivers}); vertx-web has no way to
   * drop a socket's registration from the server side.
   */
  @Override
  public void roomDeleted(String room) {
    if (holds(room)) {
      unregistered(room);
      deleted.add(Addresses.room(room));
      socket.write(
          BridgeErrors.frame(ErrorCode.ROOM_DELETED.exception(RoomRefusal.deleted(room)), room)
              .toBuffer());
    }
  }

  /** Whether the bridge's registration on {@code address} may still deliver to this socket. */
  boolean delivers(String address) {
    return deleted.isEmpty() || !deleted.contains(address);
  }

  /** Pushes to this connection arrive as bridge messages on the user's address. */
  @Override
  public void deliver(String address, EncodedEvent frame) {
    socket.write(
        new JsonObject()
            .put("type", "rec")
            .put("address", address)
            .put("body", frame.envelope())
            .toBuffer());
  }

  /**
   * Whether a bridge delivery (its raw {@code rec} message) may go on. vertx-web's bridge gives
   * every socket a bus consumer of its own and writes without back-pressure, so a socket that
   * cannot keep up, or an event loop with more deliveries than it can write, would queue them
   * without bound. A socket whose write queue is full, or that events reach more than {@value
   * #MAX_LAG_MS} ms after they were published, is closed with {@code slow_consumer} (it reconnects
   * and reads what it missed from history); its queued deliveries are dropped.
   */
  boolean keepsUp(JsonObject raw) {
    if (released()) {
      return false;
    }
    if (socket.writeQueueFull() || lagging(raw)) {
      metrics.dropped(0, true);
      close(ErrorCode.SLOW_CONSUMER, "client fell too far behind; reconnect to resume");
      return false;
    }
    return true;
  }

  private boolean lagging(JsonObject raw) {
    if (++sinceLagCheck < LAG_SAMPLE) {
      return false;
    }
    sinceLagCheck = 0;
    if (raw.getValue("body") instanceof JsonObject event
        && event.getValue("ts") instanceof String ts) {
      try {
        return Instant.parse(ts).toEpochMilli() < clock.millis() - MAX_LAG_MS;
      } catch (DateTimeParseException notOurs) {
        return false;
      }
    }
    return false;
  }

  @Override
  public String transport() {
    return EdgeMetrics.SOCKJS;
  }

  @Override
  public long sweep(long nowMs) {
    // the bridge pings and times out SockJS sockets itself; tokens still expire
    if (expired(nowMs)) {
      close(ErrorCode.TOKEN_EXPIRED, "token expired: reconnect with a new token");
      return Long.MAX_VALUE;
    }
    return expiresAtMs();
  }

  @Override
  public void close(ErrorCode reason, String message, boolean reconnect) {
    if (released()) {
      return;
    }
    socket.write(
        BridgeErrors.frame(reason.exception(message)).put("reconnect", reconnect).toBuffer());
    socket.close(reason.closeCode(), reason.code());
    ended();
  }

  void ended() {
    release();
  }
}

package io.roomcast.bridge.sockjs;

import io.roomcast.bridge.Edge;
import io.roomcast.bridge.EdgeConnection;
import io.roomcast.bridge.hub.EdgeMetrics;
import io.roomcast.bridge.hub.Frame;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * A SockJS bridge socket as a roomcast connection: an id for pushes, presence for the rooms it
 * registered on. Room and user deliveries go through the bridge's own registrations.
 */
final class SockJsConnection extends EdgeConnection {
  private final SockJSSocket socket;
  private final Set<String> rooms = new HashSet<>();

  SockJsConnection(String id, Identity identity, Context context, Edge edge, SockJSSocket socket) {
    super(id, identity, host(socket.remoteAddress()), context, edge);
    this.socket = socket;
  }

  void joined(String room) {
    if (rooms.add(room)) {
      hub.presence().join(room, identity.user(), id);
    }
  }

  void left(String room) {
    if (rooms.remove(room)) {
      hub.presence().leave(room, identity.user(), id);
    }
  }

  /** Pushes to this connection arrive as bridge messages on the user's address. */
  @Override
  public void deliver(String address, Frame frame) {
    socket.write(
        new JsonObject()
            .put("type", "rec")
            .put("address", address)
            .put("body", frame.envelope())
            .toBuffer());
  }

  @Override
  public String transport() {
    return EdgeMetrics.SOCKJS;
  }

  @Override
  public void sweep(long nowMs) {
    // the bridge pings and times out SockJS sockets itself; tokens still expire
    if (expired(nowMs)) {
      close(ErrorCode.TOKEN_EXPIRED, "token expired: reconnect with a new token");
    }
  }

  @Override
  public void close(ErrorCode reason, String message) {
    socket.write(BridgeErrors.frame(reason.exception(message)).toBuffer());
    socket.close();
    ended();
  }

  void ended() {
    for (String room : Set.copyOf(rooms)) {
      left(room);
    }
    release();
  }
}

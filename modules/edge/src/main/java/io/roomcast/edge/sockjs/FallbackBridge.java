package io.roomcast.edge.sockjs;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.edge.connection.Edge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * vertx-web's bridge for SockJS's HTTP fallbacks (xhr, eventsource…), watched event by event: a
 * session becomes a {@link SockJsConnection}, every register is checked against the token and the
 * edge's admission, every accepted inbound frame is carried out here and then diverted to {@link
 * SockJsBridge#SINK}, so nothing unstamped reaches a room.
 */
final class FallbackBridge {
  private final Edge edge;
  private final BridgeRules rules;
  private final FallbackSessions sessions;
  private final Map<SockJSSocket, SockJsConnection> sockets = new WeakHashMap<>();

  FallbackBridge(Edge edge, BridgeRules rules, FallbackSessions sessions) {
    this.edge = edge;
    this.rules = rules;
    this.sessions = sessions;
  }

  void onEvent(BridgeEvent be) {
    try {
      switch (be.type()) {
        case SOCKET_CREATED -> created(be);
        case REGISTER -> register(be);
        case UNREGISTER -> unregister(be);
        case PUBLISH, SEND -> inbound(be);
        case SOCKET_CLOSED, SOCKET_ERROR -> closed(be);
        case RECEIVE -> received(be);
        default -> be.complete(true);
      }
    } catch (RuntimeException e) {
      be.complete(false);
    }
  }

  private void created(BridgeEvent be) {
    Identity who = Authenticator.identityOf(be.socket().webUser().principal());
    String ip = be.socket().remoteAddress().hostAddress();
    if (!edge.registry().admits(who.user(), ip)) {
      be.socket()
          .write(
              BridgeErrors.frame(
                      ErrorCode.TOO_MANY_CONNECTIONS.exception(
                          "too many connections for this user or address"))
                  .toBuffer());
      be.complete(false);
      return;
    }
    SockJsConnection c =
        new SockJsConnection(
            edge.nextConnectionId(), who, Vertx.currentContext(), edge, be.socket());
    sockets.put(be.socket(), c);
    sessions.opened(be.socket(), who.user(), c.id());
    c.claim(cidOf(be.socket()))
        .onFailure(err -> c.close(ErrorCode.UNAVAILABLE, "could not register the cid; reconnect"));
    be.complete(true);
  }

  /** The {@code cid} of the request that opened a fallback session (checked when it arrived). */
  private static String cidOf(SockJSSocket socket) {
    List<String> cid =
        socket.uri() == null ? null : new QueryStringDecoder(socket.uri()).parameters().get("cid");
    return cid == null || cid.isEmpty() ? null : Ids.requireCid(cid.get(0));
  }

  /**
   * A registration on the socket's own inbox, or on a room its token covers and the edge's
   * admission lets in (under the subscription cap); refusals carry a coded reason.
   */
  private void register(BridgeEvent be) {
    SockJsConnection c = sockets.get(be.socket());
    String address = be.getRawMessage().getString("address");
    if (c == null || address == null || refused(be, c, address)) {
      be.complete(false);
      return;
    }
    String room = Addresses.roomOf(address);
    if (room == null) {
      edge.registry().bridgeRegistered(address, 1);
      be.complete(true);
      return;
    }
    if (c.holds(room)) {
      c.registered(room); // a room the backend subscribed the socket to: the bridge takes over
      be.complete(true);
      return;
    }
    Future<Void> admitted =
        edge.admitSubscription(c.identity(), room, c.id(), c.cid(), c.transport());
    if (admitted.succeeded()) {
      c.registered(room);
      be.complete(true);
      return;
    }
    admitted.onComplete(
        ar -> {
          if (ar.failed()) {
            be.socket()
                .write(BridgeErrors.frame(RoomcastException.of(ar.cause()), room).toBuffer());
            be.complete(false);
          } else if (c.holds(room) || !refused(be, c, address)) {
            c.registered(room); // the cap again: other registers may have been admitted meanwhile
            be.complete(true);
          } else {
            be.complete(false);
          }
        });
  }

  /** Whether the rules refuse the registration; a coded reason is written to the socket first. */
  private boolean refused(BridgeEvent be, SockJsConnection c, String address) {
    String room = Addresses.roomOf(address);
    if (room != null && c.holds(room)) {
      return false;
    }
    JsonObject refusal = BridgeRules.registerRefusal(c, address, c.rooms(), edge.config());
    if (refusal == null) {
      return false;
    }
    // refusing the event makes vertx-web add its stock "rejected"
    if (!BridgeErrors.isRejection(refusal)) {
      be.socket().write(refusal.toBuffer());
    }
    return true;
  }

  private void unregister(BridgeEvent be) {
    SockJsConnection c = sockets.get(be.socket());
    String address = be.getRawMessage().getString("address");
    if (c != null && address != null) {
      String room = Addresses.roomOf(address);
      if (room != null) {
        c.unregistered(room);
      } else if (address.equals(Addresses.user(c.identity().user()))) {
        edge.registry().bridgeRegistered(address, -1);
      }
    }
    be.complete(true);
  }

  /**
   * A room or user message on its way to a bridge socket: counted like hub deliveries, unless the
   * socket cannot keep up (then it is closed and the message dropped).
   */
  private void received(BridgeEvent be) {
    SockJsConnection c = sockets.get(be.socket());
    if (c != null
        && (!c.delivers(be.getRawMessage().getString("address"))
            || !c.mayReceive(be.getRawMessage().getString("address")))) {
      be.complete(false); // a deleted or revoked room's registration
      return;
    }
    if (c != null && !c.keepsUp(be.getRawMessage())) {
      be.complete(false);
      return;
    }
    edge.metrics().delivered(1);
    be.complete(true);
  }

  private void closed(BridgeEvent be) {
    SockJsConnection c = sockets.remove(be.socket());
    if (c != null) {
      c.ended();
      sessions.closed(be.socket(), c.id());
    }
    be.complete(true);
  }

  /**
   * Snapshot requests pass through (room checked); room publishes are carried out here and the
   * frame diverted to the sink; anything else is refused with a coded error.
   */
  private void inbound(BridgeEvent be) {
    SockJsConnection c = sockets.get(be.socket());
    JsonObject raw = be.getRawMessage();
    String address = raw.getString("address");
    if (c == null) {
      be.complete(false);
      return;
    }
    Future<?> outcome;
    if (BridgeRules.isRequest(address)) {
      if (BridgeRules.mayRequest(c, raw.getValue("body"))) {
        be.complete(true);
        return;
      }
      outcome = Future.failedFuture(BridgeRules.requestRefused());
    } else {
      outcome = rules.publish(c, address, raw.getValue("body"));
    }
    outcome.onComplete(
        r -> {
          if (r.failed()) {
            be.socket().write(BridgeRules.errorFrame(r.cause()).toBuffer());
          }
          raw.put("address", SockJsBridge.SINK).remove("replyAddress");
          be.setRawMessage(raw);
          be.complete(true);
        });
  }
}

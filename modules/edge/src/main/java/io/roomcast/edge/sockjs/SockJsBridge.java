package io.roomcast.edge.sockjs;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.Origins;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.ws.WsSocket;
import io.roomcast.edge.ws.WsUpgrade;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The SockJS event-bus bridge on {@code /eventbus/*}. Browsers with the stock client register on
 * {@code room.<id>} and {@code user.<id>} directly; every register is checked against the token,
 * inbound publishes to {@code room.<id>} are validated like REST and published with the token's
 * identity, built-in types ({@code typing.start}, {@code presence.away}, {@code read}…) become the
 * matching signals ({@link BridgeRules}).
 *
 * <p>The WebSocket transports ({@code /eventbus/websocket} and SockJS's {@code
 * /eventbus/<server>/<session>/websocket}) are served by {@link WsBridgeConnection}, fed by the
 * node hub. vertx-web's bridge keeps SockJS's HTTP fallbacks (xhr, eventsource…): there every
 * accepted inbound frame is carried out here and then diverted to a sink, so nothing unstamped
 * reaches a room.
 */
public final class SockJsBridge {
  /** Where accepted (already published) and refused inbound frames are diverted. */
  static final String SINK = "roomcast.bridge.sink";

  private final Edge edge;
  private final BridgeRules rules;
  private final FallbackSessions sessions;
  private final Map<SockJSSocket, SockJsConnection> sockets = new WeakHashMap<>();

  public SockJsBridge(Edge edge) {
    this.edge = edge;
    this.rules = new BridgeRules(edge);
    this.sessions = edge.services().sessions();
  }

  /** Mounts origin check, token authentication and the bridge under {@code /eventbus/*}. */
  public void mount(Vertx vertx, Router router) {
    EdgeConfig config = edge.config();
    Origins origins = new Origins(config.allowedOrigins());
    router
        .route("/eventbus/*")
        .handler(
            ctx -> {
              if (!origins.allows(ctx.request())) {
                HttpErrors.send(ctx, ErrorCode.ORIGIN_NOT_ALLOWED.exception("origin not allowed"));
                return;
              }
              try {
                Edge.cid(ctx.request()); // refused before any transport opens a session
              } catch (RuntimeException e) {
                HttpErrors.send(ctx, e);
                return;
              }
              ctx.next();
            });
    router
        .route("/eventbus/*")
        .handler(
            SimpleAuthenticationHandler.create()
                .authenticate(
                    ctx ->
                        edge.authenticate(ctx.request(), EdgeMetrics.SOCKJS)
                            .map(who -> User.create(identityJson(who)))));
    SockJSBridgeOptions options =
        new SockJSBridgeOptions()
            .setPingTimeout(config.idleTimeoutSeconds() * 1000L)
            .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.ROOM_REGEX))
            .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.USER_REGEX))
            .addInboundPermitted(new PermittedOptions().setAddressRegex(Addresses.ROOM_REGEX))
            .addInboundPermitted(new PermittedOptions().setAddress(Addresses.PRESENCE_SNAPSHOT))
            .addInboundPermitted(new PermittedOptions().setAddress(Addresses.HISTORY))
            .addInboundPermitted(new PermittedOptions().setAddress(SINK));
    // SockJS's HTTP fallbacks post their frames (xhr_send); vertx-web's transport reads the body
    router
        .post("/eventbus/*")
        .handler(BodyHandler.create(false).setBodyLimit(edge.transportLimit()));
    WsUpgrade upgrade =
        new WsUpgrade(edge.transportLimit(), edge.config().maxControlFramesPerSecond());
    router.get("/eventbus/websocket").handler(ctx -> webSocket(ctx, upgrade, false));
    router
        .getWithRegex("/eventbus/[^/.]+/[^/.]+/websocket")
        .handler(ctx -> webSocket(ctx, upgrade, true));
    router.routeWithRegex(FallbackSessions.PATH).handler(sessions::check);
    router
        .route("/eventbus/*")
        .subRouter(
            SockJSHandler.create(
                    vertx,
                    new SockJSHandlerOptions()
                        .setRegisterWriteHandler(false)
                        .setInsertJSESSIONID(false))
                .bridge(options, this::onEvent));
  }

  /**
   * The WebSocket transports (raw and SockJS-framed), which nearly every browser uses, are served
   * below vertx-web and fed by the node hub ({@link WsBridgeConnection}); vertx-web's bridge keeps
   * the HTTP fallbacks.
   */
  private void webSocket(RoutingContext ctx, WsUpgrade upgrade, boolean sockJs) {
    Identity who = Authenticator.identityOf(ctx.user().principal());
    WsSocket socket = upgrade.accept(ctx, edge, who);
    if (socket != null) {
      new WsBridgeConnection(
              edge.nextConnectionId(),
              who,
              Edge.ip(ctx.request()),
              Vertx.currentContext(),
              edge,
              rules,
              socket,
              sockJs)
          .start(Edge.cid(ctx.request()));
    }
  }

  private static JsonObject identityJson(Identity who) {
    return new JsonObject()
        .put("sub", who.user())
        .put("rooms", who.rooms())
        .put("pub", who.pub())
        .put("exp", who.expiresAt().getEpochSecond());
  }

  private void onEvent(BridgeEvent be) {
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
          raw.put("address", SINK).remove("replyAddress");
          be.setRawMessage(raw);
          be.complete(true);
        });
  }
}

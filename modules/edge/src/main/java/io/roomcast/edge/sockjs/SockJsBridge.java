package io.roomcast.edge.sockjs;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.Origins;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.ws.WsSocket;
import io.roomcast.edge.ws.WsUpgrade;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

/**
 * The SockJS event-bus bridge on {@code /eventbus/*}. Browsers with the stock client register on
 * {@code room.<id>} and {@code user.<id>} directly; every register is checked against the token,
 * inbound publishes to {@code room.<id>} are validated like REST and published with the token's
 * identity, built-in types ({@code typing.start}, {@code presence.away}, {@code read}…) become the
 * matching signals ({@link BridgeRules}).
 *
 * <p>The WebSocket transports ({@code /eventbus/websocket} and SockJS's {@code
 * /eventbus/<server>/<session>/websocket}) are served by {@link WsBridgeConnection}, fed by the
 * node hub. vertx-web's bridge keeps SockJS's HTTP fallbacks (xhr, eventsource…), watched by {@link
 * FallbackBridge}.
 */
public final class SockJsBridge {
  /** Where accepted (already published) and refused inbound frames are diverted. */
  static final String SINK = "roomcast.bridge.sink";

  private final Edge edge;
  private final BridgeRules rules;
  private final FallbackSessions sessions;
  private final FallbackBridge fallbacks;

  public SockJsBridge(Edge edge) {
    this.edge = edge;
    this.rules = new BridgeRules(edge);
    this.sessions = edge.services().sessions();
    this.fallbacks = new FallbackBridge(edge, rules, sessions);
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
                .bridge(options, fallbacks::onEvent));
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
}

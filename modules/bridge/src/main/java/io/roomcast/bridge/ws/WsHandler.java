package io.roomcast.bridge.ws;

import io.netty.channel.Channel;
import io.roomcast.bridge.Edge;
import io.roomcast.bridge.Origins;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ws}: refuses before the upgrade (401/403/429 JSON) when the token, the origin or the
 * connection caps say no, so clients see a plain HTTP reason; otherwise upgrades and starts the
 * protocol.
 */
public final class WsHandler {
  private final Edge edge;
  private final Origins origins;

  public WsHandler(Edge edge) {
    this.edge = edge;
    this.origins = new Origins(edge.config().allowedOrigins());
  }

  public void handle(RoutingContext ctx) {
    if (!origins.allows(ctx.request())) {
      HttpErrors.send(ctx, ErrorCode.ORIGIN_NOT_ALLOWED.exception("origin not allowed"));
      return;
    }
    edge.auth()
        .user(Authenticator.bearer(ctx.request()))
        .onSuccess(who -> upgrade(ctx, who))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private void upgrade(RoutingContext ctx, Identity who) {
    try {
      edge.admit(who, Edge.ip(ctx.request()));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    // the upgraded socket keeps the request's channel; frames are written to it directly
    Channel channel = ((ConnectionBase) ctx.request().connection()).channel();
    ctx.request()
        .toWebSocket()
        .onSuccess(
            socket ->
                new WsConnection(
                        edge.nextConnectionId(), who, Vertx.currentContext(), edge, socket, channel)
                    .start())
        .onFailure(
            err ->
                HttpErrors.send(
                    ctx, ErrorCode.INVALID_REQUEST.exception("not a WebSocket upgrade")));
  }
}

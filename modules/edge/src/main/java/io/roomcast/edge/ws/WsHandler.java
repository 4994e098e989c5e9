package io.roomcast.edge.ws;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.Origins;
import io.roomcast.edge.hub.EdgeMetrics;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ws}: refuses before the upgrade (400/401/403/429 JSON) when the handshake, the token,
 * the origin or the connection caps say no, so clients see a plain HTTP reason; otherwise upgrades
 * ({@link WsUpgrade}) and starts the protocol.
 */
public final class WsHandler {
  private final Edge edge;
  private final Origins origins;
  private final WsUpgrade upgrade;

  public WsHandler(Edge edge) {
    this.edge = edge;
    this.origins = new Origins(edge.config().allowedOrigins());
    this.upgrade = new WsUpgrade(edge.transportLimit(), edge.config().maxControlFramesPerSecond());
  }

  public void handle(RoutingContext ctx) {
    if (!origins.allows(ctx.request())) {
      HttpErrors.send(ctx, ErrorCode.ORIGIN_NOT_ALLOWED.exception("origin not allowed"));
      return;
    }
    String cid;
    try {
      cid = Edge.cid(ctx.request());
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    edge.authenticate(ctx.request(), EdgeMetrics.WS)
        .onSuccess(who -> upgrade(ctx, who, cid))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private void upgrade(RoutingContext ctx, Identity who, String cid) {
    WsSocket socket = upgrade.accept(ctx, edge, who);
    if (socket != null) {
      new WsConnection(
              edge.nextConnectionId(),
              who,
              Edge.ip(ctx.request()),
              Vertx.currentContext(),
              edge,
              socket)
          .start(cid);
    }
  }
}

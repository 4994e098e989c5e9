package io.roomcast.bridge.ws;

import io.roomcast.bridge.Connections;
import io.roomcast.bridge.Origins;
import io.roomcast.bridge.Snapshots;
import io.roomcast.bridge.hub.NodeHub;
import io.roomcast.core.ConnectionIds;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.config.RoomcastConfig.EdgeConfig;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ws}: refuses before the upgrade (401/403 JSON) when the token or the origin is not
 * acceptable, so clients see a plain HTTP reason; otherwise upgrades and starts the protocol.
 */
public final class WsHandler {
  private final Authenticator auth;
  private final NodeHub hub;
  private final Connections connections;
  private final EdgeConfig config;
  private final Origins origins;
  private final WsOps.Factory ops;
  private final String nodeId;

  public WsHandler(
      Authenticator auth,
      NodeHub hub,
      Connections connections,
      EdgeConfig config,
      RoomcastClient client,
      Snapshots snapshots,
      String nodeId) {
    this.auth = auth;
    this.hub = hub;
    this.connections = connections;
    this.config = config;
    this.origins = new Origins(config.allowedOrigins());
    this.ops = new WsOps.Factory(client, snapshots);
    this.nodeId = nodeId;
  }

  public void handle(RoutingContext ctx) {
    if (!origins.allows(ctx.request())) {
      HttpErrors.send(ctx, ErrorCode.ORIGIN_NOT_ALLOWED.exception("origin not allowed"));
      return;
    }
    ctx.request().pause();
    auth.user(Authenticator.bearer(ctx.request()))
        .onSuccess(who -> upgrade(ctx, who))
        .onFailure(
            err -> {
              ctx.request().resume();
              HttpErrors.send(ctx, err);
            });
  }

  private void upgrade(RoutingContext ctx, Identity who) {
    ctx.request().resume();
    ctx.request()
        .toWebSocket()
        .onSuccess(
            socket ->
                new WsConnection(
                        ConnectionIds.next(nodeId),
                        who,
                        Vertx.currentContext(),
                        hub,
                        connections,
                        socket,
                        config,
                        ops)
                    .start())
        .onFailure(
            err ->
                HttpErrors.send(
                    ctx, ErrorCode.INVALID_REQUEST.exception("not a WebSocket upgrade")));
  }
}

package io.roomcast.bridge.sse;

import io.roomcast.bridge.Connections;
import io.roomcast.bridge.Snapshots;
import io.roomcast.bridge.hub.NodeHub;
import io.roomcast.core.Addresses;
import io.roomcast.core.ConnectionIds;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.RoomcastConfig.EdgeConfig;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Accepts SSE streams: {@code GET /rooms/{room}/events} and {@code GET /users/me/events}. Refusals
 * happen before the stream starts, as plain 4xx JSON errors.
 */
public final class SseHandler {
  private final Authenticator auth;
  private final NodeHub hub;
  private final Connections connections;
  private final Snapshots snapshots;
  private final EdgeConfig config;
  private final String nodeId;

  public SseHandler(
      Authenticator auth,
      NodeHub hub,
      Connections connections,
      Snapshots snapshots,
      EdgeConfig config,
      String nodeId) {
    this.nodeId = nodeId;
    this.auth = auth;
    this.hub = hub;
    this.connections = connections;
    this.snapshots = snapshots;
    this.config = config;
  }

  public void room(RoutingContext ctx) {
    String room = ctx.pathParam("room");
    if (!Ids.isRoom(room)) {
      HttpErrors.send(ctx, ErrorCode.INVALID_ROOM.exception("invalid room id"));
      return;
    }
    try {
      SseResume.check(ctx.request());
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    auth.user(Authenticator.bearer(ctx.request()))
        .compose(
            who ->
                who.canSubscribe(room)
                    ? Future.succeededFuture(who)
                    : Future.failedFuture(
                        ErrorCode.FORBIDDEN.exception("room '" + room + "' is not in your token")))
        .onSuccess(who -> stream(ctx, who, List.of(Addresses.room(room)), snapshots.of(room)))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  public void inbox(RoutingContext ctx) {
    auth.user(Authenticator.bearer(ctx.request()))
        .onSuccess(
            who ->
                stream(
                    ctx,
                    who,
                    List.of(Addresses.user(who.user())),
                    Future.succeededFuture(new JsonObject().put("user", who.user()))))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private void stream(
      RoutingContext ctx, Identity who, List<String> addresses, Future<JsonObject> snapshot) {
    String id = ConnectionIds.next(nodeId);
    SseConnection c =
        new SseConnection(id, who, Vertx.currentContext(), hub, ctx.request(), connections, config);
    c.open();
    c.followAll(addresses)
        .compose(v -> snapshot)
        .onSuccess(s -> c.start("snapshot", s.put("connection", id)))
        .onFailure(err -> c.close(ErrorCode.UNAVAILABLE, "subscription failed; reconnect"));
  }
}

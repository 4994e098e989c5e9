package io.roomcast.edge.sse;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.Origins;
import io.roomcast.edge.hub.EdgeMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Accepts SSE streams: {@code GET /rooms/{room}/events} and {@code GET /users/me/events}. Refusals
 * happen before the stream starts, as plain 4xx JSON errors.
 */
public final class SseHandler {
  private final Edge edge;
  private final SseCors cors;

  public SseHandler(Edge edge) {
    this.edge = edge;
    this.cors = new SseCors(new Origins(edge.config().allowedOrigins()));
  }

  public void room(RoutingContext ctx) {
    String room = ctx.pathParam("room");
    if (!admitted(ctx)) {
      return;
    }
    if (!Ids.isRoom(room)) {
      HttpErrors.send(ctx, ErrorCode.INVALID_ROOM.exception("invalid room id"));
      return;
    }
    String cid;
    try {
      SseResume.check(ctx.request());
      SseFormat.html(ctx.request());
      cid = Edge.cid(ctx.request());
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    edge.authenticate(ctx.request(), EdgeMetrics.SSE)
        .compose(
            who ->
                who.canSubscribe(room)
                    ? Future.succeededFuture(who)
                    : Future.failedFuture(
                        ErrorCode.FORBIDDEN.exception("room '" + room + "' is not in your token")))
        .onSuccess(onRequestContext(who -> admitToRoom(ctx, who, room, cid)))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  /** A room stream starts once the node's admission lets the connection in; else a 4xx/503. */
  private void admitToRoom(RoutingContext ctx, Identity who, String room, String cid) {
    String id = edge.nextConnectionId();
    edge.admitSubscription(who, room, id, cid, EdgeMetrics.SSE)
        .onSuccess(
            v ->
                stream(
                    ctx,
                    who,
                    id,
                    cid,
                    List.of(Addresses.room(room)),
                    () -> edge.snapshots().of(room)))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  public void inbox(RoutingContext ctx) {
    if (!admitted(ctx)) {
      return;
    }
    String cid;
    try {
      SseFormat.html(ctx.request());
      cid = Edge.cid(ctx.request());
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    edge.authenticate(ctx.request(), EdgeMetrics.SSE)
        .onSuccess(
            onRequestContext(
                who ->
                    stream(
                        ctx,
                        who,
                        edge.nextConnectionId(),
                        cid,
                        List.of(Addresses.user(who.user())),
                        () -> Future.succeededFuture(new JsonObject().put("user", who.user())))))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private static JsonObject named(JsonObject first, String connection, String cid) {
    first.put("connection", connection);
    if (cid != null) {
      first.put("cid", cid);
    }
    return first;
  }

  /** The origin check and CORS headers; false when refused (the refusal is sent). */
  private boolean admitted(RoutingContext ctx) {
    try {
      cors.admit(ctx.request());
      return true;
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return false;
    }
  }

  /**
   * Runs {@code next} on the request's context, the one thread that may write to its connection (a
   * token check may complete elsewhere, e.g. after fetching signing keys). Call on that context.
   */
  private static <T> Handler<T> onRequestContext(Handler<T> next) {
    Context request = Vertx.currentContext();
    return value -> {
      if (Vertx.currentContext() == request) {
        next.handle(value);
      } else {
        request.runOnContext(v -> next.handle(value));
      }
    };
  }

  /**
   * Starts the stream once its addresses are followed and its {@code cid} (null: none) is claimed;
   * the first frame names the connection and its cid.
   */
  private void stream(
      RoutingContext ctx,
      Identity who,
      String id,
      String cid,
      List<String> addresses,
      java.util.function.Supplier<Future<JsonObject>> snapshot) {
    try {
      edge.admit(who, Edge.ip(ctx.request()));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    SseConnection c = new SseConnection(id, who, Vertx.currentContext(), edge, ctx.request());
    c.open();
    Future.all(c.followAll(addresses), c.claim(cid))
        .compose(v -> snapshot.get())
        .timeout(Edge.SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .onSuccess(s -> c.start("snapshot", named(s, id, cid)))
        .onFailure(err -> c.close(ErrorCode.UNAVAILABLE, "subscription failed; reconnect"));
  }
}

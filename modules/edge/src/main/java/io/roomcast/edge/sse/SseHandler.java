package io.roomcast.edge.sse;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.history.StreamPosition;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Accepts SSE streams: {@code GET /rooms/{room}/events}, {@code GET /users/me/events} and {@code
 * GET /events?rooms=…&inbox=1}. Refusals happen before the stream starts, as plain 4xx JSON errors.
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
    SseOptions options;
    String cid;
    try {
      cid = Edge.cid(ctx.request());
      Long since = SseResume.since(ctx.request());
      String epoch = SseResume.epoch(ctx.request());
      options =
          new SseOptions(
              SseFormat.html(ctx.request()),
              SseFormat.types(ctx.request()),
              since == null ? Map.of() : Map.of(room, new StreamPosition(epoch, since)),
              null);
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
        .onSuccess(
            onRequestContext(
                who ->
                    admitThen(
                        ctx,
                        who,
                        List.of(room),
                        cid,
                        id ->
                            stream(
                                ctx,
                                who,
                                id,
                                cid,
                                List.of(Addresses.room(room)),
                                () -> edge.snapshots().of(room).map(List::of),
                                options))))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  /**
   * A stream of rooms starts once the node's admission lets the connection into every one of them
   * (all asked at once); else the first refusal's 4xx/503.
   */
  private void admitThen(
      RoutingContext ctx, Identity who, List<String> rooms, String cid, Handler<String> start) {
    String id = edge.nextConnectionId();
    Future.all(
            rooms.stream()
                .map(room -> edge.admitSubscription(who, room, id, cid, EdgeMetrics.SSE))
                .toList())
        .onSuccess(v -> start.handle(id))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  public void inbox(RoutingContext ctx) {
    if (!admitted(ctx)) {
      return;
    }
    SseOptions options;
    String cid;
    try {
      cid = Edge.cid(ctx.request());
      options =
          new SseOptions(
              SseFormat.html(ctx.request()), SseFormat.types(ctx.request()), Map.of(), null);
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
                        () -> Future.succeededFuture(List.of(userSnapshot(who))),
                        options)))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  /**
   * {@code GET /events?rooms=…&inbox=1}: several rooms, namespaces and the inbox on one stream,
   * numbered by one cursor ({@link StreamCursor}) that resumes every exact room.
   */
  public void multi(RoutingContext ctx) {
    if (!admitted(ctx)) {
      return;
    }
    SseRooms wanted;
    SseOptions options;
    String cid;
    try {
      cid = Edge.cid(ctx.request());
      wanted = SseRooms.parse(ctx.request(), edge.config());
      StreamCursor cursor = new StreamCursor(wanted.rooms());
      options =
          new SseOptions(
              SseFormat.html(ctx.request()),
              SseFormat.types(ctx.request()),
              cursor.read(SseResume.lastEventId(ctx.request())),
              cursor);
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    edge.authenticate(ctx.request(), EdgeMetrics.SSE)
        .compose(
            who -> {
              try {
                wanted.authorize(who);
                return Future.succeededFuture(who);
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
            })
        .onSuccess(
            onRequestContext(
                who ->
                    admitThen(
                        ctx,
                        who,
                        wanted.rooms(),
                        cid,
                        id ->
                            stream(
                                ctx,
                                who,
                                id,
                                cid,
                                wanted.addresses(who),
                                () -> snapshots(who, wanted.rooms()),
                                options))))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  /** One snapshot per exact room; a stream of namespaces and the inbox only gets the user's. */
  private Future<List<JsonObject>> snapshots(Identity who, List<String> rooms) {
    if (rooms.isEmpty()) {
      return Future.succeededFuture(List.of(userSnapshot(who)));
    }
    List<Future<JsonObject>> each = rooms.stream().map(r -> edge.snapshots().of(r)).toList();
    return Future.all(each).map(all -> each.stream().map(Future::result).toList());
  }

  private static JsonObject userSnapshot(Identity who) {
    return new JsonObject().put("user", who.user());
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
   * the first frames name the connection and its cid.
   */
  private void stream(
      RoutingContext ctx,
      Identity who,
      String id,
      String cid,
      List<String> addresses,
      Supplier<Future<List<JsonObject>>> snapshots,
      SseOptions options) {
    try {
      edge.admit(who, Edge.ip(ctx.request()));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    SseConnection c =
        new SseConnection(id, who, Vertx.currentContext(), edge, ctx.request(), options);
    c.open();
    Future.all(c.followAll(addresses), c.claim(cid))
        .compose(v -> snapshots.get())
        .timeout(Edge.SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .onSuccess(all -> c.start(all.stream().map(s -> named(s, id, cid)).toList()))
        .onFailure(err -> c.close(ErrorCode.UNAVAILABLE, "subscription failed; reconnect"));
  }
}

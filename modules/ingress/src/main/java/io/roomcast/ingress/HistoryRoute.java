package io.roomcast.ingress;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.history.HistoryQuery;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/rooms/{room}/history?since=&limit=&epoch=} (README "History and resume"): the API
 * key, or a JWT whose {@code rooms} claim covers the room. Answers {@code {room, epoch, seq,
 * oldest, events, more}}, plus {@code reset} when {@code since} cannot be continued.
 */
final class HistoryRoute {
  private final HistoryStore store;
  private final Authenticator auth;

  HistoryRoute(HistoryStore store, Authenticator auth) {
    this.store = store;
    this.auth = auth;
  }

  void handle(RoutingContext ctx) {
    HistoryQuery query;
    try {
      query =
          HistoryQuery.parse(
              ctx.pathParam("room"),
              ctx.request().getParam("since"),
              ctx.request().getParam("limit"),
              ctx.request().getParam("epoch"));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    auth.backend(Authenticator.bearer(ctx.request()))
        .compose(who -> read(who, query))
        .onSuccess(
            body ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(body.toBuffer()))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private Future<JsonObject> read(Identity who, HistoryQuery q) {
    if (!who.canRead(q.room())) {
      return Future.failedFuture(
          ErrorCode.FORBIDDEN.exception("room '" + q.room() + "' is not in your token"));
    }
    return store
        .read(q.room(), q.since(), q.limit())
        .map(page -> page.toJson(page.continuity(q.epoch(), q.since())))
        .recover(
            err ->
                Future.failedFuture(
                    err instanceof RoomcastException
                        ? err
                        : ErrorCode.UNAVAILABLE.exception("room history is unavailable; retry")));
  }
}

package io.roomcast.ingress;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.core.rooms.RoomCensus;
import io.roomcast.core.rooms.RoomDirectory;
import io.roomcast.core.rooms.RoomsQuery;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Rooms as resources (API key): {@code PUT /api/rooms/{room}} creates (201, or 200 when it
 * existed), {@code GET} describes, {@code DELETE} forgets the room, its history and presence and
 * ends its subscriptions on every node (204); {@code GET /api/rooms} lists the rooms with
 * subscribers, paged. Counts come from the nodes' edges ({@link RoomCensus}).
 */
final class RoomRoutes {
  private final Authenticator auth;
  private final RoomDirectory rooms;
  private final HistoryStore history;
  private final RoomCensus census;
  private final EventBus bus;

  private RoomRoutes(
      Authenticator auth,
      RoomDirectory rooms,
      HistoryStore history,
      RoomCensus census,
      EventBus bus) {
    this.auth = auth;
    this.rooms = rooms;
    this.history = history;
    this.census = census;
    this.bus = bus;
  }

  static void mount(
      Router router,
      Authenticator auth,
      RoomDirectory rooms,
      HistoryStore history,
      RoomCensus census,
      EventBus bus) {
    RoomRoutes routes = new RoomRoutes(auth, rooms, history, census, bus);
    router.get("/api/rooms").handler(routes::list);
    router.put("/api/rooms/:room").handler(routes::create);
    router.get("/api/rooms/:room").handler(routes::describe);
    router.delete("/api/rooms/:room").handler(routes::delete);
  }

  private void create(RoutingContext ctx) {
    service(ctx)
        .compose(room -> rooms.create(room))
        .onSuccess(
            fresh ->
                reply(ctx, fresh ? 201 : 200, new JsonObject().put("room", ctx.pathParam("room"))))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  /**
   * {@code {room, created, subscribers, users, seq, epoch}}: the counts are the room's connections
   * on every node and the users they belong to ({@code partial: true} when a node did not answer).
   */
  private void describe(RoutingContext ctx) {
    service(ctx)
        .compose(
            room ->
                rooms
                    .created(room)
                    .compose(
                        at -> {
                          if (at == null && rooms.required()) {
                            throw ErrorCode.ROOM_NOT_FOUND.exception(
                                "room '" + room + "' does not exist");
                          }
                          return Future.all(history.position(room), census.room(room))
                              .map(all -> info(room, at != null, all.resultAt(0), all.resultAt(1)));
                        }))
        .onSuccess(info -> reply(ctx, 200, info))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private static JsonObject info(
      String room, boolean created, StreamPosition position, RoomCensus.Counted counted) {
    JsonObject info =
        new JsonObject()
            .put("room", room)
            .put("created", created)
            .put("subscribers", counted.count().subscribers())
            .put("users", counted.count().users().size())
            .put("seq", position.seq())
            .put("epoch", position.epoch());
    return counted.partial() ? info.put("partial", true) : info;
  }

  /**
   * {@code GET /api/rooms?prefix=&limit=&cursor=}: {@code {rooms:[{room, subscribers, users}],
   * cursor}}, the rooms with subscribers anywhere in the cluster in room-id order; {@code cursor}
   * is null on the last page.
   */
  private void list(RoutingContext ctx) {
    auth.backend(Authenticator.bearer(ctx.request()))
        .map(who -> query(ctx, who))
        .compose(census::page)
        .onSuccess(page -> reply(ctx, 200, RoomList.toJson(page)))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private static RoomsQuery query(RoutingContext ctx, Identity who) {
    if (!who.service()) {
      throw ErrorCode.FORBIDDEN.exception("rooms are managed with the API key");
    }
    return RoomList.query(
        ctx.request().getParam("prefix"),
        ctx.request().getParam("limit"),
        ctx.request().getParam("cursor"));
  }

  private void delete(RoutingContext ctx) {
    service(ctx)
        .compose(
            room ->
                rooms
                    .delete(room)
                    // subscriptions end first, so that nobody reads the history as it goes
                    .onSuccess(v -> bus.publish(Addresses.ROOM_DELETED, room))
                    .compose(v -> history.delete(room)))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  /** The path's room, once the caller is known to hold the API key. */
  private Future<String> service(RoutingContext ctx) {
    String room = ctx.pathParam("room");
    return auth.backend(Authenticator.bearer(ctx.request()))
        .map(
            who -> {
              if (!who.service()) {
                throw ErrorCode.FORBIDDEN.exception("rooms are managed with the API key");
              }
              if (!Ids.isRoom(room)) {
                throw ErrorCode.INVALID_ROOM.exception("invalid room id");
              }
              return room;
            });
  }

  private static void reply(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toBuffer());
  }
}

package io.roomcast.ingress;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.core.rooms.RoomDirectory;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Rooms as resources (API key): {@code PUT /api/rooms/{room}} creates (201, or 200 when it
 * existed), {@code GET} describes, {@code DELETE} forgets the room and its history (204).
 */
final class RoomRoutes {
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(2000);

  private final Authenticator auth;
  private final RoomDirectory rooms;
  private final HistoryStore history;
  private final EventBus bus;

  private RoomRoutes(Authenticator auth, RoomDirectory rooms, HistoryStore history, EventBus bus) {
    this.auth = auth;
    this.rooms = rooms;
    this.history = history;
    this.bus = bus;
  }

  static void mount(
      Router router, Authenticator auth, RoomDirectory rooms, HistoryStore history, EventBus bus) {
    RoomRoutes routes = new RoomRoutes(auth, rooms, history, bus);
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
   * {@code {room, created, subscribers, users, seq, epoch}}: the counts are the cluster-wide
   * presence of the room (its connections and the users they belong to).
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
                          return Future.all(history.position(room), presence(room))
                              .map(all -> info(room, at != null, all.resultAt(0), all.resultAt(1)));
                        }))
        .onSuccess(info -> reply(ctx, 200, info))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private Future<JsonObject> presence(String room) {
    return bus.<JsonObject>request(
            Addresses.PRESENCE_SNAPSHOT, new JsonObject().put("room", room), TIMEOUT)
        .map(Message::body)
        .recover(
            err -> Future.failedFuture(ErrorCode.UNAVAILABLE.exception("presence did not answer")));
  }

  private static JsonObject info(
      String room, boolean created, StreamPosition position, JsonObject presence) {
    JsonArray users = presence.getJsonArray("users", new JsonArray());
    int subscribers = 0;
    for (Object u : users) {
      if (u instanceof JsonObject user) {
        subscribers += user.getInteger("connections", 0);
      }
    }
    return new JsonObject()
        .put("room", room)
        .put("created", created)
        .put("subscribers", subscribers)
        .put("users", users.size())
        .put("seq", position.seq())
        .put("epoch", position.epoch());
  }

  private void delete(RoutingContext ctx) {
    service(ctx)
        .compose(room -> rooms.delete(room).compose(v -> history.delete(room)))
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

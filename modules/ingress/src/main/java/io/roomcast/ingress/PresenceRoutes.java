package io.roomcast.ingress;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.http.Bodies;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Backends acting for users in rooms: {@code GET /api/rooms/{room}/presence} and {@code POST
 * /api/rooms/{room}/typing|presence|read}. Only the bus connects this to the presence service. The
 * API key acts for the user named in the body; a user JWT acts only for itself, in rooms it may
 * subscribe to.
 */
final class PresenceRoutes {
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5000);

  private final Authenticator auth;
  private final RoomcastClient client;
  private final EventBus bus;

  private PresenceRoutes(Authenticator auth, RoomcastClient client, EventBus bus) {
    this.auth = auth;
    this.client = client;
    this.bus = bus;
  }

  /** Mount after the body handler of {@code /api/*}. */
  static void mount(Router router, Authenticator auth, RoomcastClient client, EventBus bus) {
    PresenceRoutes routes = new PresenceRoutes(auth, client, bus);
    router.get("/api/rooms/:room/presence").handler(routes::query);
    router.post("/api/rooms/:room/typing").handler(routes::typing);
    router.post("/api/rooms/:room/presence").handler(routes::status);
    router.post("/api/rooms/:room/read").handler(routes::read);
  }

  /** {@code {room, users:[{user, status, connections}], typing, receipts}}. */
  private void query(RoutingContext ctx) {
    String room = ctx.pathParam("room");
    identity(ctx)
        .map(who -> mayAct(who, room))
        .compose(
            ok ->
                bus.<JsonObject>request(
                    Addresses.PRESENCE_SNAPSHOT, new JsonObject().put("room", room), TIMEOUT))
        .map(Message::body)
        .recover(PresenceRoutes::unavailable)
        .onSuccess(snapshot -> reply(ctx, 200, snapshot))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  /** {@code {user, typing: bool}}. */
  private void typing(RoutingContext ctx) {
    act(ctx, (room, user, body) -> client.publishTyping(room, user, null, bool(body, "typing")));
  }

  /** {@code {user, status: online|away|offline}}. */
  private void status(RoutingContext ctx) {
    act(
        ctx,
        (room, user, body) -> client.publishPresence(room, user, null, string(body, "status")));
  }

  /** {@code {user, event_id}}. */
  private void read(RoutingContext ctx) {
    act(ctx, (room, user, body) -> client.publishRead(room, user, null, string(body, "event_id")));
  }

  private interface Action {
    Future<Void> run(String room, String user, JsonObject body);
  }

  private void act(RoutingContext ctx, Action action) {
    String room = ctx.pathParam("room");
    identity(ctx)
        .compose(
            who -> {
              JsonObject body = Bodies.object(ctx.body().buffer());
              return action.run(room, actingUser(who, room, body), body);
            })
        .recover(PresenceRoutes::unavailable)
        .onSuccess(v -> reply(ctx, 202, new JsonObject()))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  /** Who the request acts for: the body's {@code user} with the API key, else the token's user. */
  static String actingUser(Identity who, String room, JsonObject body) {
    mayAct(who, room);
    Object named = body.getValue("user");
    if (named != null && !(named instanceof String)) {
      throw ErrorCode.INVALID_USER.exception("'user' must be a string");
    }
    if (who.service()) {
      if (named == null) {
        throw ErrorCode.INVALID_USER.exception("'user' is required with the API key");
      }
      return Ids.requireUser((String) named);
    }
    if (named != null && !named.equals(who.user())) {
      throw ErrorCode.FORBIDDEN.exception("a user token may only act for its own user");
    }
    return who.user();
  }

  private static boolean mayAct(Identity who, String room) {
    Ids.requireRoom(room);
    if (!who.canSubscribe(room)) {
      throw ErrorCode.FORBIDDEN.exception("room '" + room + "' is not in your token");
    }
    return true;
  }

  private static boolean bool(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof Boolean b)) {
      throw ErrorCode.INVALID_DATA.exception("'" + field + "' must be true or false");
    }
    return b;
  }

  private static String string(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof String s)) {
      throw ErrorCode.INVALID_DATA.exception("'" + field + "' must be a string");
    }
    return s;
  }

  /** No presence service, or one that did not answer in time: 503, not 500. */
  private static <T> Future<T> unavailable(Throwable err) {
    if (err instanceof ReplyException re
        && (re.failureType() == ReplyFailure.NO_HANDLERS
            || re.failureType() == ReplyFailure.TIMEOUT)) {
      return Future.failedFuture(
          ErrorCode.UNAVAILABLE.exception("the presence service is not available; retry"));
    }
    // a refusal by the presence service arrives as a BusError and keeps its code
    return Future.failedFuture(RoomcastException.of(err));
  }

  private Future<Identity> identity(RoutingContext ctx) {
    return auth.backend(Authenticator.bearer(ctx.request()));
  }

  private static void reply(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toBuffer());
  }
}

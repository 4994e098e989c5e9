package io.roomcast.ingress;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.control.ControlCommand;
import io.roomcast.core.control.ServerControl;
import io.roomcast.core.http.Bodies;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The backend's control of live connections (API key): {@code POST
 * /api/connections/{connection}/disconnect} and {@code /api/users/{user}/disconnect} with {@code
 * {reconnect?, message?}} answer {@code {closed}}; {@code POST /api/users/{user}/subscribe} and
 * {@code …/unsubscribe} with {@code {rooms}} answer {@code {connections}}. Counts are summed over
 * the cluster.
 */
final class ControlRoutes {
  /** The longest reason a disconnect may show the client. */
  static final int MAX_MESSAGE_CHARS = 256;

  private final Authenticator auth;
  private final ServerControl control;
  private final int maxRooms;

  private ControlRoutes(Authenticator auth, ServerControl control, EdgeConfig edge) {
    this.auth = auth;
    this.control = control;
    this.maxRooms = edge.maxSubscriptions();
  }

  static void mount(Router router, Authenticator auth, ServerControl control, EdgeConfig edge) {
    ControlRoutes routes = new ControlRoutes(auth, control, edge);
    router.post("/api/connections/:connection/disconnect").handler(routes::disconnectConnection);
    router.post("/api/users/:user/disconnect").handler(routes::disconnectUser);
    router.post("/api/users/:user/subscribe").handler(routes::subscribe);
    router.post("/api/users/:user/unsubscribe").handler(routes::unsubscribe);
  }

  private void disconnectConnection(RoutingContext ctx) {
    String connection = ctx.pathParam("connection");
    run(
        ctx,
        "closed",
        body -> {
          if (!Ids.isUser(connection)) {
            throw ErrorCode.INVALID_REQUEST.exception("invalid connection id");
          }
          return ControlCommand.disconnectConnection(connection, reconnect(body), message(body));
        });
  }

  private void disconnectUser(RoutingContext ctx) {
    String user = ctx.pathParam("user");
    run(
        ctx,
        "closed",
        body ->
            ControlCommand.disconnectUser(Ids.requireUser(user), reconnect(body), message(body)));
  }

  private void subscribe(RoutingContext ctx) {
    String user = ctx.pathParam("user");
    run(ctx, "connections", body -> ControlCommand.subscribe(Ids.requireUser(user), rooms(body)));
  }

  private void unsubscribe(RoutingContext ctx) {
    String user = ctx.pathParam("user");
    run(ctx, "connections", body -> ControlCommand.unsubscribe(Ids.requireUser(user), rooms(body)));
  }

  /** Checks the API key and the body, applies the command, answers {@code {field: count}}. */
  private void run(RoutingContext ctx, String field, Function<JsonObject, ControlCommand> command) {
    auth.backend(Authenticator.bearer(ctx.request()))
        .map(
            who -> {
              if (!who.service()) {
                throw ErrorCode.FORBIDDEN.exception("connections are controlled with the API key");
              }
              return command.apply(body(ctx.body().buffer()));
            })
        .compose(control::apply)
        .onSuccess(
            n ->
                ctx.response()
                    .setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put(field, n).toBuffer()))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  /** An absent body is an empty object (a disconnect with the defaults). */
  private static JsonObject body(Buffer buffer) {
    return buffer == null || buffer.length() == 0 ? new JsonObject() : Bodies.object(buffer);
  }

  private static boolean reconnect(JsonObject body) {
    Object v = body.getValue("reconnect");
    if (v == null) {
      return true;
    }
    if (!(v instanceof Boolean b)) {
      throw ErrorCode.INVALID_REQUEST.exception("'reconnect' must be true or false");
    }
    return b;
  }

  private static String message(JsonObject body) {
    Object v = body.getValue("message");
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.length() > MAX_MESSAGE_CHARS) {
      throw ErrorCode.INVALID_REQUEST.exception(
          "'message' must be a string of at most " + MAX_MESSAGE_CHARS + " characters");
    }
    return s;
  }

  /** 1 to {@code edge.maxSubscriptions} exact room ids, each once. */
  private List<String> rooms(JsonObject body) {
    if (!(body.getValue("rooms") instanceof JsonArray list) || list.isEmpty()) {
      throw ErrorCode.INVALID_REQUEST.exception("'rooms' must be a non-empty list of room ids");
    }
    if (list.size() > maxRooms) {
      throw ErrorCode.INVALID_REQUEST.exception(
          "at most " + maxRooms + " rooms at once (edge.maxSubscriptions)");
    }
    Set<String> rooms = new LinkedHashSet<>();
    for (Object o : list) {
      if (!(o instanceof String room) || !Ids.isRoom(room)) {
        throw ErrorCode.INVALID_ROOM.exception(
            "every room must be an exact room id (1-128 of A-Z a-z 0-9 _ . : -), got " + o);
      }
      rooms.add(room);
    }
    return new ArrayList<>(rooms);
  }
}

package io.roomcast.bridge.sockjs;

import io.roomcast.bridge.Edge;
import io.roomcast.bridge.Origins;
import io.roomcast.bridge.hub.NodeHub;
import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.config.RoomcastConfig.EdgeConfig;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.event.EventTypes;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The SockJS event-bus bridge on {@code /eventbus/*}. Browsers with the stock client register on
 * {@code room.<id>} and {@code user.<id>} directly; every REGISTER is checked against the token.
 * Inbound publishes to {@code room.<id>} are validated like REST and published through {@link
 * RoomcastClient} with the token's identity (the raw frame is then diverted to a sink, so nothing
 * unstamped reaches a room). Built-in types ({@code typing.start}, {@code presence.away}, {@code
 * read}…) become the matching signals.
 */
public final class SockJsBridge {
  /** Where accepted (already published) and refused inbound frames are diverted. */
  static final String SINK = "roomcast.bridge.sink";

  private final Edge edge;
  private final NodeHub hub;
  private final RoomcastClient client;
  private final Map<SockJSSocket, SockJsConnection> sockets = new WeakHashMap<>();

  public SockJsBridge(Edge edge) {
    this.edge = edge;
    this.hub = edge.hub();
    this.client = edge.client();
  }

  /** Mounts origin check, token authentication and the bridge under {@code /eventbus/*}. */
  public void mount(Vertx vertx, Router router) {
    EdgeConfig config = edge.config();
    Origins origins = new Origins(config.allowedOrigins());
    router
        .route("/eventbus/*")
        .handler(
            ctx -> {
              if (origins.allows(ctx.request())) {
                ctx.next();
              } else {
                HttpErrors.send(ctx, ErrorCode.ORIGIN_NOT_ALLOWED.exception("origin not allowed"));
              }
            });
    router
        .route("/eventbus/*")
        .handler(
            SimpleAuthenticationHandler.create()
                .authenticate(
                    ctx ->
                        edge.auth()
                            .user(Authenticator.bearer(ctx.request()))
                            .map(who -> User.create(identityJson(who)))));
    SockJSBridgeOptions options =
        new SockJSBridgeOptions()
            .setPingTimeout(config.idleTimeoutSeconds() * 1000L)
            .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.ROOM_REGEX))
            .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.USER_REGEX))
            .addInboundPermitted(new PermittedOptions().setAddressRegex(Addresses.ROOM_REGEX))
            .addInboundPermitted(new PermittedOptions().setAddress(Addresses.PRESENCE_SNAPSHOT))
            .addInboundPermitted(new PermittedOptions().setAddress(Addresses.HISTORY))
            .addInboundPermitted(new PermittedOptions().setAddress(SINK));
    router
        .route("/eventbus/*")
        .subRouter(
            SockJSHandler.create(
                    vertx,
                    new SockJSHandlerOptions()
                        .setRegisterWriteHandler(false)
                        .setInsertJSESSIONID(false))
                .bridge(options, this::onEvent));
  }

  private static JsonObject identityJson(Identity who) {
    return new JsonObject()
        .put("sub", who.user())
        .put("rooms", who.rooms())
        .put("pub", who.pub())
        .put("exp", who.expiresAt().getEpochSecond());
  }

  private void onEvent(BridgeEvent be) {
    try {
      switch (be.type()) {
        case SOCKET_CREATED -> created(be);
        case REGISTER -> be.complete(register(be));
        case UNREGISTER -> unregister(be);
        case PUBLISH, SEND -> inbound(be);
        case SOCKET_CLOSED, SOCKET_ERROR -> closed(be);
        case RECEIVE -> received(be);
        default -> be.complete(true);
      }
    } catch (RuntimeException e) {
      be.complete(false);
    }
  }

  private void created(BridgeEvent be) {
    Identity who = Authenticator.identityOf(be.socket().webUser().principal());
    String ip = be.socket().remoteAddress().hostAddress();
    if (!hub.admits(who.user(), ip, edge.limits())) {
      be.socket()
          .write(
              BridgeErrors.frame(
                      ErrorCode.TOO_MANY_CONNECTIONS.exception(
                          "too many connections for this user or address"))
                  .toBuffer());
      be.complete(false);
      return;
    }
    SockJsConnection c =
        new SockJsConnection(
            edge.nextConnectionId(), who, Vertx.currentContext(), edge, be.socket());
    sockets.put(be.socket(), c);
    be.complete(true);
  }

  /** Rooms in the token's {@code rooms} claim; the user address of the token's own user only. */
  private boolean register(BridgeEvent be) {
    SockJsConnection c = sockets.get(be.socket());
    String address = be.getRawMessage().getString("address");
    if (c == null || address == null) {
      return false;
    }
    String room = Addresses.roomOf(address);
    if (room != null && c.identity().canSubscribe(room)) {
      c.joined(room);
      return true;
    }
    if (address.equals(Addresses.user(c.identity().user()))) {
      hub.bridgeRegistered(address, 1);
      return true;
    }
    return false;
  }

  private void unregister(BridgeEvent be) {
    SockJsConnection c = sockets.get(be.socket());
    String address = be.getRawMessage().getString("address");
    if (c != null && address != null) {
      String room = Addresses.roomOf(address);
      if (room != null) {
        c.left(room);
      } else if (address.equals(Addresses.user(c.identity().user()))) {
        hub.bridgeRegistered(address, -1);
      }
    }
    be.complete(true);
  }

  /**
   * A room or user message on its way to a bridge socket: counted like hub deliveries, unless the
   * socket cannot keep up (then it is closed and the message dropped).
   */
  private void received(BridgeEvent be) {
    SockJsConnection c = sockets.get(be.socket());
    if (c != null && !c.keepsUp(be.getRawMessage())) {
      be.complete(false);
      return;
    }
    hub.metrics().delivered(1);
    be.complete(true);
  }

  private void closed(BridgeEvent be) {
    SockJsConnection c = sockets.remove(be.socket());
    if (c != null) {
      c.ended();
    }
    be.complete(true);
  }

  /**
   * Snapshot requests pass through (room checked); room publishes are carried out here and the
   * frame diverted to the sink; anything else is refused with a coded error.
   */
  private void inbound(BridgeEvent be) {
    SockJsConnection c = sockets.get(be.socket());
    JsonObject raw = be.getRawMessage();
    String address = raw.getString("address");
    if (c == null) {
      be.complete(false);
      return;
    }
    Future<?> outcome;
    // snapshot and history requests name a room the token must be allowed to follow
    if (Addresses.PRESENCE_SNAPSHOT.equals(address) || Addresses.HISTORY.equals(address)) {
      JsonObject body = raw.getValue("body") instanceof JsonObject b ? b : new JsonObject();
      String room = body.getString("room");
      if (room != null && c.identity().canSubscribe(room)) {
        be.complete(true);
        return;
      }
      outcome = Future.failedFuture(ErrorCode.FORBIDDEN.exception("room is not in your token"));
    } else {
      outcome = publish(c, Addresses.roomOf(address), raw.getValue("body"));
    }
    outcome.onComplete(
        r -> {
          if (r.failed()) {
            be.socket().write(BridgeErrors.frame(RoomcastException.of(r.cause())).toBuffer());
          }
          raw.put("address", SINK).remove("replyAddress");
          be.setRawMessage(raw);
          be.complete(true);
        });
  }

  private Future<?> publish(SockJsConnection c, String room, Object body) {
    try {
      if (room == null) {
        throw ErrorCode.FORBIDDEN.exception("publish only to room addresses");
      }
      if (!(body instanceof JsonObject msg)) {
        throw ErrorCode.INVALID_JSON.exception("body must be a JSON object");
      }
      Identity who = c.identity();
      c.chargePublish();
      String type = msg.getValue("type") instanceof String t ? t : null;
      if (type != null && EventTypes.isEphemeral(type)) {
        return signal(c, room, type, msg);
      }
      EventDraft draft = EventDraft.parse(room, msg, who.user(), c.id(), edge.limits());
      if (!who.canPublish(room)) {
        throw ErrorCode.FORBIDDEN.exception("token may not publish into '" + room + "'");
      }
      return client.publish(draft);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Typing, presence and receipts: allowed in rooms the token may follow. */
  private Future<Void> signal(SockJsConnection c, String room, String type, JsonObject msg) {
    String user = c.identity().user();
    if (!c.identity().canSubscribe(room)) {
      throw ErrorCode.FORBIDDEN.exception("room '" + room + "' is not in your token");
    }
    JsonObject data = msg.getValue("data") instanceof JsonObject d ? d : new JsonObject();
    return switch (type) {
      case EventTypes.TYPING_START -> client.publishTyping(room, user, c.id(), true);
      case EventTypes.TYPING_STOP -> client.publishTyping(room, user, c.id(), false);
      case EventTypes.PRESENCE_ONLINE -> client.publishPresence(room, user, c.id(), "online");
      case EventTypes.PRESENCE_AWAY -> client.publishPresence(room, user, c.id(), "away");
      case EventTypes.READ -> client.publishRead(room, user, c.id(), data.getString("event_id"));
      default -> throw ErrorCode.INVALID_TYPE.exception("'" + type + "' cannot be sent by clients");
    };
  }
}

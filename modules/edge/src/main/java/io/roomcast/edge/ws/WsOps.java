package io.roomcast.edge.ws;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.event.EventTypes;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.RoomRefusal;
import io.roomcast.edge.connection.TypeFilter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The client ops of the WebSocket protocol (README "WebSocket"): each is validated, authorized
 * against the token, carried out, and answered with {@code ack} or {@code error} echoing {@code
 * ref}. A bad frame gets an error and the socket stays open. Subscriptions are {@link
 * WsSubscriptions}'.
 */
final class WsOps {
  /** Past this many rooms typed into at once, every message sends its typing stop. */
  private static final int TYPING_ROOMS = 64;

  private final WsConnection c;
  private final Edge edge;
  private final RoomcastClient client;
  private final WsSubscriptions subscriptions;

  /**
   * Rooms where this connection said it is typing and has not stopped since: a message there ends
   * the typing, one into any other room has no typing to end. An entry may outlive the presence
   * service's typing expiry; that costs one needless stop, never a missed one.
   */
  private final Set<String> typingIn = new HashSet<>();

  private boolean typingUntracked;

  WsOps(WsConnection c, Edge edge) {
    this.c = c;
    this.edge = edge;
    this.client = edge.client();
    this.subscriptions = new WsSubscriptions(c, edge);
  }

  WsSubscriptions subscriptions() {
    return subscriptions;
  }

  /**
   * Handles a frame parsed from a JSON text of {@code textLength} chars; each op answers itself.
   */
  void handle(JsonObject msg, int textLength) {
    String ref = WsFields.ref(msg);
    Future<?> done;
    try {
      done =
          switch (WsFields.op(msg)) {
            case "subscribe" -> subscribe(msg, ref);
            case "unsubscribe" -> unsubscribe(msg, ref);
            case "publish" -> publish(msg, textLength, ref);
            case "typing" -> typing(msg, ref);
            case "presence" -> presence(msg, ref);
            case "read" -> read(msg, ref);
            case "filter" -> filter(msg, ref);
            case "refresh" -> refresh(msg, ref);
            case "ping" -> answered(WsMessages.pong(ref));
            default ->
                throw ErrorCode.UNKNOWN_OP.exception("unknown op '" + WsFields.op(msg) + "'");
          };
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onFailure(err -> c.reply(WsMessages.error(err, ref)));
  }

  private Future<Void> answered(JsonObject reply) {
    c.reply(reply);
    return Future.succeededFuture();
  }

  private Future<Void> subscribe(JsonObject msg, String ref) {
    List<String> wanted = WsFields.strings(msg, "rooms");
    return subscriptions.subscribe(wanted, WsResume.parse(msg, wanted), WsResume.history(msg), ref);
  }

  private Future<Void> unsubscribe(JsonObject msg, String ref) {
    List<String> rooms = WsFields.strings(msg, "rooms");
    subscriptions.unsubscribe(rooms);
    return answered(WsMessages.ack(ref, "rooms", rooms));
  }

  private Future<Void> publish(JsonObject msg, int textLength, String ref) {
    String room = WsFields.string(msg, "room");
    Identity who = c.who();
    EventDraft draft = EventDraft.parse(room, msg, who.user(), c.id(), edge.limits(), textLength);
    if (!who.canPublish(room)) {
      throw ErrorCode.FORBIDDEN.exception("token may not publish into '" + room + "'");
    }
    c.chargePublish();
    boolean typing =
        EventTypes.MESSAGE.equals(draft.type()) && (typingIn.remove(room) || typingUntracked);
    return edge.requirePublishable(room)
        .recover(err -> Future.failedFuture(new RoomRefusal(room, err)))
        .compose(v -> client.publish(draft, typing))
        .map(
            e -> {
              c.reply(WsMessages.published(ref, e));
              return null;
            });
  }

  private Future<Void> typing(JsonObject msg, String ref) {
    String room = visibleRoom(msg);
    boolean typing = WsFields.bool(msg, "typing");
    if (!typing) {
      typingIn.remove(room);
    } else if (typingIn.size() < TYPING_ROOMS) {
      typingIn.add(room);
    } else if (!typingIn.contains(room)) {
      typingUntracked = true;
    }
    return acked(client.publishTyping(room, c.who().user(), c.id(), typing), ref);
  }

  private Future<Void> presence(JsonObject msg, String ref) {
    String room = visibleRoom(msg);
    String status = WsFields.string(msg, "status");
    return acked(client.publishPresence(room, c.who().user(), c.id(), status), ref);
  }

  private Future<Void> read(JsonObject msg, String ref) {
    String room = visibleRoom(msg);
    String eventId = WsFields.string(msg, "event_id");
    return acked(client.publishRead(room, c.who().user(), c.id(), eventId), ref);
  }

  private Future<Void> acked(Future<Void> signal, String ref) {
    return signal.onSuccess(v -> c.reply(WsMessages.ack(ref)));
  }

  /** Signals (typing, presence, receipts) only go into rooms the token may follow. */
  private String visibleRoom(JsonObject msg) {
    String room = Ids.requireRoom(WsFields.string(msg, "room"));
    if (!c.maySee(room)) {
      throw ErrorCode.FORBIDDEN.exception("room '" + room + "' is not in your token");
    }
    c.chargePublish();
    return room;
  }

  /**
   * A new token for the same user, before the old one expires. Subscriptions the new claims no
   * longer cover are dropped and listed in the ack.
   */
  private Future<Void> refresh(JsonObject msg, String ref) {
    return edge.auth()
        .user(WsFields.string(msg, "token"))
        .map(
            next -> {
              if (!next.user().equals(c.who().user())) {
                throw ErrorCode.FORBIDDEN.exception("a refreshed token must be for the same user");
              }
              c.refreshed(next);
              List<String> dropped = subscriptions.keepCovered(next);
              c.reply(WsMessages.refreshed(ref, next.expiresAt(), dropped));
              return null;
            });
  }

  private Future<Void> filter(JsonObject msg, String ref) {
    List<String> patterns = WsFields.strings(msg, "patterns");
    c.filter(TypeFilter.of(patterns));
    return answered(WsMessages.ack(ref, "patterns", patterns));
  }
}

package io.roomcast.edge.ws;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.auth.RoomPatterns;
import io.roomcast.core.client.Namespaces;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.event.EventTypes;
import io.roomcast.core.history.HistoryStores;
import io.roomcast.edge.Edge;
import io.roomcast.edge.Snapshots;
import io.roomcast.edge.TypeFilter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The client ops of the WebSocket protocol (DESIGN.md "Edge"): each is validated, authorized
 * against the token, carried out, and answered with {@code ack} or {@code error} echoing {@code
 * ref}. A bad frame gets an error and the socket stays open.
 */
final class WsOps {
  private final WsConnection c;
  private final Edge edge;
  private final RoomcastClient client;
  private final Snapshots snapshots;

  /** The rooms and wildcard patterns this connection follows, as the client named them. */
  private final Set<String> subscriptions = new LinkedHashSet<>();

  /**
   * Rooms where this connection said it is typing and has not stopped since: a message there ends
   * the typing, one into any other room has no typing to end. An entry may outlive the presence
   * service's typing expiry; that costs one needless stop, never a missed one.
   */
  private final Set<String> typingIn = new HashSet<>();

  /** Past this many rooms typed into at once, every message sends its typing stop. */
  private static final int TYPING_ROOMS = 64;

  private boolean typingUntracked;

  WsOps(WsConnection c, Edge edge) {
    this.c = c;
    this.edge = edge;
    this.client = edge.client();
    this.snapshots = edge.snapshots();
  }

  /** Handles a frame parsed from a JSON text of {@code textLength} chars. */
  void handle(JsonObject msg, int textLength) {
    Object refValue = msg.getValue("ref");
    String ref = refValue == null ? null : String.valueOf(refValue);
    Future<JsonObject> answer;
    try {
      answer =
          switch (op(msg)) {
            case "subscribe" -> subscribe(msg);
            case "unsubscribe" -> unsubscribe(msg);
            case "publish" -> publish(msg, textLength);
            case "typing" -> typing(msg);
            case "presence" -> presence(msg);
            case "read" -> read(msg);
            case "filter" -> filter(msg);
            case "refresh" -> refresh(msg);
            case "ping" -> Future.succeededFuture(WsFrames.pong(ref));
            default -> throw ErrorCode.UNKNOWN_OP.exception("unknown op '" + op(msg) + "'");
          };
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer
        .onSuccess(
            reply -> {
              if (reply != ANSWERED) {
                c.reply(reply.containsKey("op") ? reply : WsFrames.ack(ref).mergeIn(reply));
              }
            })
        .onFailure(err -> c.reply(WsFrames.error(RoomcastException.of(err), ref)));
  }

  private static String op(JsonObject msg) {
    if (!(msg.getValue("op") instanceof String op)) {
      throw ErrorCode.INVALID_REQUEST.exception("frame needs a string 'op'");
    }
    return op;
  }

  /** Ops that answered themselves (the ack had to go out before other frames) return this. */
  private static final JsonObject ANSWERED = new JsonObject();

  private Future<JsonObject> subscribe(JsonObject msg) {
    List<String> wanted = strings(msg, "rooms");
    Map<String, WsResume.From> since = WsResume.parse(msg, wanted);
    int history = WsResume.history(msg);
    Identity who = c.who();
    List<String> fresh = new ArrayList<>();
    for (String pattern : wanted) {
      authorizeFollow(who, pattern);
      if (!subscriptions.contains(pattern) && !fresh.contains(pattern)) {
        fresh.add(pattern);
      }
    }
    c.config().requireSubscriptions(subscriptions.size() + fresh.size());
    subscriptions.addAll(fresh);
    List<String> rooms = fresh.stream().filter(p -> !RoomPatterns.isWildcard(p)).toList();
    rooms.forEach(c::hold);
    Object ref = msg.getValue("ref");
    return Future.all(fresh.stream().map(p -> c.followAddress(address(p))).toList())
        .compose(v -> WsResume.resume(HistoryStores.of(c.context().owner()), rooms, since, history))
        .timeout(Edge.SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .recover(
            err ->
                Future.failedFuture(
                    err instanceof RoomcastException
                        ? err
                        : ErrorCode.UNAVAILABLE.exception("subscription not ready in time; retry")))
        .onFailure(err -> rooms.forEach(c::unheld))
        .map(
            resumed -> {
              // the ack first, then what each room missed, then its live events
              c.reply(
                  WsFrames.ack(ref == null ? null : String.valueOf(ref))
                      .put("rooms", new JsonArray(wanted)));
              for (var r : resumed) {
                c.resumed(r);
                snapshots
                    .of(r.room())
                    .onSuccess(s -> c.reply(s.put("op", "snapshot").mergeIn(r.at().toJson())));
              }
              return ANSWERED;
            });
  }

  private Future<JsonObject> unsubscribe(JsonObject msg) {
    List<String> rooms = strings(msg, "rooms");
    for (String pattern : rooms) {
      if (subscriptions.remove(pattern)) {
        c.unfollowAddress(address(pattern));
      }
    }
    return Future.succeededFuture(new JsonObject().put("rooms", new JsonArray(rooms)));
  }

  /** Exact rooms need the token's {@code rooms} claim; patterns need some overlap with it. */
  private static void authorizeFollow(Identity who, String pattern) {
    if (RoomPatterns.isWildcard(pattern)) {
      if (!Namespaces.isNamespacePattern(pattern) || !RoomPatterns.isValid(pattern)) {
        throw ErrorCode.INVALID_ROOM.exception(
            "wildcards are '*' or a namespace ending in ':*', got '" + pattern + "'");
      }
      if (!who.service() && !RoomPatterns.overlapsAny(who.rooms(), pattern)) {
        throw ErrorCode.FORBIDDEN.exception("no room of '" + pattern + "' is in your token");
      }
    } else {
      Ids.requireRoom(pattern);
      if (!who.canSubscribe(pattern)) {
        throw ErrorCode.FORBIDDEN.exception("room '" + pattern + "' is not in your token");
      }
    }
  }

  private static String address(String pattern) {
    return RoomPatterns.isWildcard(pattern)
        ? Addresses.namespace(RoomPatterns.prefix(pattern))
        : Addresses.room(pattern);
  }

  /**
   * Which followed address delivers events of {@code room} to this connection: the exact room when
   * followed, else the longest matching namespace. Others skip, so each event arrives once.
   */
  String deliveringAddress(String room) {
    String exact = Addresses.room(room);
    if (c.followsAddress(exact)) {
      return exact;
    }
    List<String> namespaces = Namespaces.of(room);
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      String ns = Addresses.namespace(namespaces.get(i));
      if (c.followsAddress(ns)) {
        return ns;
      }
    }
    return null;
  }

  private void sendSnapshots(List<String> patterns) {
    for (String p : patterns) {
      if (!RoomPatterns.isWildcard(p)) {
        snapshots.of(p).onSuccess(s -> c.reply(s.put("op", "snapshot")));
      }
    }
  }

  private Future<JsonObject> publish(JsonObject msg, int textLength) {
    String room = string(msg, "room");
    Identity who = c.who();
    EventDraft draft = EventDraft.parse(room, msg, who.user(), c.id(), edge.limits(), textLength);
    if (!who.canPublish(room)) {
      throw ErrorCode.FORBIDDEN.exception("token may not publish into '" + room + "'");
    }
    c.chargePublish();
    boolean typing =
        EventTypes.MESSAGE.equals(draft.type()) && (typingIn.remove(room) || typingUntracked);
    return client.publish(draft, typing).map(WsOps::accepted);
  }

  private static JsonObject accepted(Envelope e) {
    JsonObject ack = new JsonObject().put("id", e.id());
    if (e.seq() != null) {
      ack.put("seq", e.seq());
    }
    return ack;
  }

  private Future<JsonObject> typing(JsonObject msg) {
    String room = visibleRoom(msg);
    if (!(msg.getValue("typing") instanceof Boolean typing)) {
      throw ErrorCode.INVALID_REQUEST.exception("'typing' must be true or false");
    }
    if (!typing) {
      typingIn.remove(room);
    } else if (typingIn.size() < TYPING_ROOMS) {
      typingIn.add(room);
    } else if (!typingIn.contains(room)) {
      typingUntracked = true;
    }
    return client.publishTyping(room, c.who().user(), c.id(), typing).map(new JsonObject());
  }

  private Future<JsonObject> presence(JsonObject msg) {
    String room = visibleRoom(msg);
    return client
        .publishPresence(room, c.who().user(), c.id(), string(msg, "status"))
        .map(new JsonObject());
  }

  private Future<JsonObject> read(JsonObject msg) {
    String room = visibleRoom(msg);
    return client
        .publishRead(room, c.who().user(), c.id(), string(msg, "event_id"))
        .map(new JsonObject());
  }

  /** Signals (typing, presence, receipts) only go into rooms the token may follow. */
  private String visibleRoom(JsonObject msg) {
    String room = Ids.requireRoom(string(msg, "room"));
    if (!c.who().canSubscribe(room)) {
      throw ErrorCode.FORBIDDEN.exception("room '" + room + "' is not in your token");
    }
    c.chargePublish();
    return room;
  }

  /**
   * A new token for the same user, before the old one expires. Subscriptions the new claims no
   * longer cover are dropped and listed in the ack.
   */
  private Future<JsonObject> refresh(JsonObject msg) {
    return edge.auth()
        .user(string(msg, "token"))
        .map(
            next -> {
              if (!next.user().equals(c.who().user())) {
                throw ErrorCode.FORBIDDEN.exception("a refreshed token must be for the same user");
              }
              c.refreshed(next);
              JsonArray dropped = new JsonArray();
              for (String pattern : List.copyOf(subscriptions)) {
                if (!covers(next, pattern)) {
                  subscriptions.remove(pattern);
                  c.unfollowAddress(address(pattern));
                  dropped.add(pattern);
                }
              }
              return new JsonObject()
                  .put("expires", next.expiresAt().getEpochSecond())
                  .put("dropped", dropped);
            });
  }

  private static boolean covers(Identity who, String pattern) {
    try {
      authorizeFollow(who, pattern);
      return true;
    } catch (RoomcastException e) {
      return false;
    }
  }

  private Future<JsonObject> filter(JsonObject msg) {
    List<String> patterns = strings(msg, "patterns");
    c.filter(TypeFilter.of(patterns));
    return Future.succeededFuture(new JsonObject().put("patterns", new JsonArray(patterns)));
  }

  private static String string(JsonObject msg, String field) {
    if (!(msg.getValue(field) instanceof String s)) {
      throw ErrorCode.INVALID_REQUEST.exception("'" + field + "' must be a string");
    }
    return s;
  }

  private static List<String> strings(JsonObject msg, String field) {
    if (!(msg.getValue(field) instanceof JsonArray arr)) {
      throw ErrorCode.INVALID_REQUEST.exception("'" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>(arr.size());
    for (Object o : arr) {
      if (!(o instanceof String s)) {
        throw ErrorCode.INVALID_REQUEST.exception("'" + field + "' must be an array of strings");
      }
      out.add(s);
    }
    return out;
  }
}

package io.roomcast.edge.ws;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.auth.RoomPatterns;
import io.roomcast.core.client.Namespaces;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.Resumption;
import io.roomcast.edge.connection.RoomRefusal;
import io.roomcast.edge.connection.Snapshots;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The rooms and wildcard patterns one WebSocket follows, as the client named them: {@code
 * subscribe} (authorized against the token, capped, resumed from history), {@code unsubscribe}, and
 * what a refreshed token no longer covers.
 */
final class WsSubscriptions {
  private final WsConnection c;
  private final Edge edge;
  private final HistoryStore history;
  private final Snapshots snapshots;
  private final Set<String> patterns = new LinkedHashSet<>();

  WsSubscriptions(WsConnection c, Edge edge) {
    this.c = c;
    this.edge = edge;
    this.history = edge.history();
    this.snapshots = edge.snapshots();
  }

  /**
   * Follows the rooms and patterns not followed yet. Once all are registered and resumed, the ack
   * goes out first, then what each room missed (or its last {@code recent} stored events) and its
   * live events, then its snapshot.
   */
  Future<Void> subscribe(
      List<String> wanted, Map<String, WsResume.From> since, int recent, String ref) {
    Identity who = c.who();
    for (String pattern : wanted) {
      authorizeFollow(who, pattern);
      if (!RoomPatterns.isWildcard(pattern) && c.grants().revoked(pattern)) {
        throw ErrorCode.FORBIDDEN.exception("room '" + pattern + "' was revoked by the server");
      }
    }
    return admitted(who, wanted)
        .compose(v -> follow(wanted, since, recent, WsMessages.ack(ref, "rooms", wanted)));
  }

  /**
   * The backend subscribes the socket to exact {@code rooms}, whatever its token says: they are
   * followed like a client's subscribe, announced by a {@code subscribed} frame instead of an ack.
   * A socket that has no room left under the cap for them is told with an error frame and stays as
   * it was.
   */
  Future<Boolean> grant(List<String> rooms) {
    try {
      c.config().requireSubscriptions(patterns.size() + fresh(rooms).size());
    } catch (RoomcastException e) {
      c.reply(WsMessages.error(e, null).put("rooms", rooms));
      return Future.succeededFuture(false);
    }
    rooms.forEach(c.grants()::grant);
    return follow(rooms, Map.of(), 0, WsMessages.subscribed(rooms))
        .map(true)
        .otherwise(
            err -> {
              c.reply(WsMessages.error(RoomcastException.of(err), null).put("rooms", rooms));
              return false;
            });
  }

  /**
   * The backend unsubscribes the socket from {@code rooms} and revokes them: an {@code
   * unsubscribed} frame tells the client, and no wildcard of its delivers them any more.
   */
  void revoke(List<String> rooms) {
    for (String room : rooms) {
      c.grants().revoke(room);
      if (patterns.remove(room)) {
        c.unfollowAddress(address(room));
      }
    }
    c.reply(WsMessages.unsubscribed(rooms));
  }

  /**
   * Every exact room not followed yet passes the edge's admission; the first refused one fails the
   * whole {@code subscribe}, which then follows nothing.
   */
  private Future<Void> admitted(Identity who, List<String> wanted) {
    List<Future<Void>> pending = null;
    for (String pattern : wanted) {
      if (RoomPatterns.isWildcard(pattern) || patterns.contains(pattern)) {
        continue;
      }
      Future<Void> check = edge.admitSubscription(who, pattern, c.id(), c.cid(), c.transport());
      if (check.succeeded()) {
        continue;
      }
      if (check.failed()) {
        return Future.failedFuture(new RoomRefusal(pattern, check.cause()));
      }
      if (pending == null) {
        pending = new ArrayList<>();
      }
      pending.add(check.recover(err -> Future.failedFuture(new RoomRefusal(pattern, err))));
    }
    return pending == null ? Future.succeededFuture() : Future.all(pending).mapEmpty();
  }

  private List<String> fresh(List<String> wanted) {
    List<String> fresh = new ArrayList<>();
    for (String pattern : wanted) {
      if (!patterns.contains(pattern) && !fresh.contains(pattern)) {
        fresh.add(pattern);
      }
    }
    return fresh;
  }

  /** Follows what is not followed yet of {@code wanted}; {@code answer} goes out first. */
  private Future<Void> follow(
      List<String> wanted, Map<String, WsResume.From> since, int recent, JsonObject answer) {
    if (c.isReleased()) {
      return Future.succeededFuture();
    }
    List<String> fresh = fresh(wanted);
    c.config().requireSubscriptions(patterns.size() + fresh.size());
    patterns.addAll(fresh);
    List<String> rooms = fresh.stream().filter(p -> !RoomPatterns.isWildcard(p)).toList();
    rooms.forEach(c::hold);
    return Future.all(fresh.stream().map(p -> c.followAddress(address(p))).toList())
        .compose(v -> WsResume.resume(history, rooms, since, recent))
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
              c.reply(answer);
              for (Resumption r : resumed) {
                c.resumed(r);
                snapshots.of(r.room()).onSuccess(s -> c.reply(WsMessages.snapshot(s, r.at())));
              }
              return null;
            });
  }

  void unsubscribe(List<String> rooms) {
    for (String pattern : rooms) {
      if (patterns.remove(pattern)) {
        c.unfollowAddress(address(pattern));
      }
    }
  }

  /** Stops following a deleted room; true when it was followed by name. */
  boolean dropDeleted(String room) {
    if (!patterns.remove(room)) {
      return false;
    }
    c.unfollowAddress(Addresses.room(room));
    c.unheld(room);
    return true;
  }

  /** Drops what {@code who}'s claims no longer cover, and says which. */
  List<String> keepCovered(Identity who) {
    List<String> dropped = new ArrayList<>();
    for (String pattern : List.copyOf(patterns)) {
      if (!covers(who, pattern) && !c.grants().granted(pattern)) {
        patterns.remove(pattern);
        c.unfollowAddress(address(pattern));
        dropped.add(pattern);
      }
    }
    return dropped;
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

  private static boolean covers(Identity who, String pattern) {
    try {
      authorizeFollow(who, pattern);
      return true;
    } catch (RoomcastException e) {
      return false;
    }
  }

  private static String address(String pattern) {
    return RoomPatterns.isWildcard(pattern)
        ? Addresses.namespace(RoomPatterns.prefix(pattern))
        : Addresses.room(pattern);
  }
}

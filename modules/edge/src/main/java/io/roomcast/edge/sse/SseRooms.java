package io.roomcast.edge.sse;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.auth.RoomPatterns;
import io.roomcast.core.client.Namespaces;
import io.roomcast.core.config.EdgeConfig;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code GET /events?rooms=<r1>,<ns>:*&inbox=1} follows: exact rooms (resumed from the
 * stream's cursor), wildcard namespaces ({@code *} or a prefix ending in {@code :*}, live only) and
 * the caller's inbox. The same list may come as several {@code rooms} parameters; repeats count
 * once. Refused before the stream starts: malformed ids (400), more than {@code
 * edge.maxSubscriptions} (the cap of every door; 400 here, as the whole list is the request), and
 * rooms the token does not cover (403).
 *
 * @param rooms the exact rooms, in the order asked
 * @param patterns the wildcard patterns, in the order asked
 */
record SseRooms(List<String> rooms, List<String> patterns, boolean inbox) {

  static SseRooms parse(HttpServerRequest request, EdgeConfig config) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String param : request.params().getAll("rooms")) {
      for (String name : param.split(",", -1)) {
        if (name.isEmpty()) {
          throw ErrorCode.INVALID_ROOM.exception("'rooms' has an empty name");
        }
        wanted.add(name);
        if (wanted.size() > config.maxSubscriptions()) {
          // the stream's URL is the request: too many rooms in it is a bad request, not a rate
          throw ErrorCode.INVALID_REQUEST.exception(
              "more than edge.maxSubscriptions (" + config.maxSubscriptions() + ") rooms");
        }
      }
    }
    List<String> rooms = new ArrayList<>();
    List<String> patterns = new ArrayList<>();
    for (String name : wanted) {
      if (RoomPatterns.isWildcard(name)) {
        if (!Namespaces.isNamespacePattern(name) || !RoomPatterns.isValid(name)) {
          throw ErrorCode.INVALID_ROOM.exception(
              "wildcards are '*' or a namespace ending in ':*', got '" + name + "'");
        }
        patterns.add(name);
      } else {
        rooms.add(Ids.requireRoom(name));
      }
    }
    boolean inbox = inbox(request.getParam("inbox"));
    if (wanted.isEmpty() && !inbox) {
      throw ErrorCode.INVALID_REQUEST.exception("name 'rooms', or ask for the inbox with inbox=1");
    }
    return new SseRooms(List.copyOf(rooms), List.copyOf(patterns), inbox);
  }

  private static boolean inbox(String value) {
    if (value == null || value.equals("0") || value.equals("false")) {
      return false;
    }
    if (value.equals("1") || value.equals("true")) {
      return true;
    }
    throw ErrorCode.INVALID_REQUEST.exception("'inbox' must be 1 or 0");
  }

  /** Every exact room and every pattern must be covered by the token's {@code rooms} claim. */
  void authorize(Identity who) {
    for (String room : rooms) {
      if (!who.canSubscribe(room)) {
        throw ErrorCode.FORBIDDEN.exception("room '" + room + "' is not in your token");
      }
    }
    for (String pattern : patterns) {
      if (!who.service() && who.rooms().stream().noneMatch(p -> RoomPatterns.covers(p, pattern))) {
        throw ErrorCode.FORBIDDEN.exception("rooms '" + pattern + "' are not all in your token");
      }
    }
  }

  /** The bus addresses the stream follows: rooms, then namespaces, then the inbox. */
  List<String> addresses(Identity who) {
    List<String> out = new ArrayList<>();
    rooms.forEach(r -> out.add(Addresses.room(r)));
    patterns.forEach(p -> out.add(Addresses.namespace(RoomPatterns.prefix(p))));
    if (inbox) {
      out.add(Addresses.user(who.user()));
    }
    return out;
  }
}

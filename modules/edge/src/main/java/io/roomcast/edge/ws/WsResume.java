package io.roomcast.edge.ws;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.RoomPatterns;
import io.roomcast.core.history.HistoryQuery;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.edge.connection.Resumption;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resuming rooms on {@code subscribe}: {@code since: {room: seq}} or {@code since: {room: {seq,
 * epoch}}} (README "History and resume"). Only exact rooms of the same subscribe may resume. {@code
 * history: n} starts every other exact room of the subscribe at its last {@code n} stored events
 * instead of at its current position.
 */
final class WsResume {
  /** A client's position in one room; epoch null when it does not say. */
  record From(long seq, String epoch) {}

  /** The most stored events {@code history} may ask for per room. */
  static final int MAX_HISTORY = 1000;

  private WsResume() {}

  /** The {@code history} count of a subscribe, 0 when it asks for none. */
  static int history(JsonObject msg) {
    Object raw = msg.getValue("history");
    if (raw == null) {
      return 0;
    }
    if (!(raw instanceof Integer || raw instanceof Long)
        || ((Number) raw).longValue() < 1
        || ((Number) raw).longValue() > MAX_HISTORY) {
      throw ErrorCode.INVALID_REQUEST.exception(
          "'history' must be a whole number of events from 1 to " + MAX_HISTORY);
    }
    return ((Number) raw).intValue();
  }

  static Map<String, From> parse(JsonObject msg, List<String> rooms) {
    Object raw = msg.getValue("since");
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof JsonObject since)) {
      throw ErrorCode.INVALID_REQUEST.exception("'since' must be an object of room: seq");
    }
    Map<String, From> out = new HashMap<>();
    for (String room : since.fieldNames()) {
      if (RoomPatterns.isWildcard(room) || !rooms.contains(room)) {
        throw ErrorCode.INVALID_REQUEST.exception(
            "'since' names '" + room + "', which is not an exact room of 'rooms'");
      }
      Object v = since.getValue(room);
      if (v instanceof JsonObject at) {
        out.put(room, new From(seq(at.getValue("seq")), epoch(at.getValue("epoch"))));
      } else {
        out.put(room, new From(seq(v), null));
      }
    }
    return out;
  }

  /**
   * Where each room starts: after its {@code since}, else at its last {@code history} events when
   * that is above 0, else at the room's current position.
   */
  static Future<List<Resumption>> resume(
      HistoryStore store, List<String> rooms, Map<String, From> since, int history) {
    List<Future<Resumption>> all =
        rooms.stream()
            .map(
                room -> {
                  From from = since.get(room);
                  if (from != null) {
                    return Resumption.of(store, room, from.seq(), from.epoch());
                  }
                  return history > 0
                      ? Resumption.recent(store, room, history)
                      : Resumption.of(store, room, null, null);
                })
            .toList();
    return Future.all(all).map(cf -> cf.<Resumption>list());
  }

  private static long seq(Object v) {
    if (!(v instanceof Number n)) {
      throw ErrorCode.INVALID_REQUEST.exception("a 'since' position must be a seq (0 or more)");
    }
    return HistoryQuery.seq(n.toString(), "since");
  }

  private static String epoch(Object v) {
    if (v != null && !(v instanceof String)) {
      throw ErrorCode.INVALID_REQUEST.exception("'epoch' must be a string");
    }
    return HistoryQuery.epoch((String) v);
  }
}

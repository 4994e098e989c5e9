package io.roomcast.core.history;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.vertx.core.json.JsonObject;

/**
 * A validated history request, the same for REST ({@code ?since=&limit=&epoch=}) and the bus
 * ({@code {room, since, limit, epoch}}).
 *
 * @param since the last seq the asker holds; 0 for "from the oldest kept"
 * @param epoch the epoch {@code since} belongs to; null when the asker does not know
 */
public record HistoryQuery(String room, long since, int limit, String epoch) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public static HistoryQuery parse(String room, String since, String limit, String epoch) {
    Ids.requireRoom(room);
    return new HistoryQuery(
        room,
        since == null ? 0 : seq(since, "since"),
        limit == null ? DEFAULT_LIMIT : limit(limit),
        epoch(epoch));
  }

  public static HistoryQuery of(JsonObject body) {
    if (!(body.getValue("room") instanceof String room)) {
      throw ErrorCode.INVALID_ROOM.exception("'room' must be a string");
    }
    return parse(room, text(body, "since"), text(body, "limit"), text(body, "epoch"));
  }

  /** A position as clients send it ({@code Last-Event-ID}, {@code since}): a seq of 0 or more. */
  public static long seq(String value, String name) {
    try {
      long seq = Long.parseLong(value.trim());
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ErrorCode.INVALID_REQUEST.exception("'" + name + "' must be a seq (0 or more)");
  }

  /** Null stays null (unknown epoch); anything else must look like an epoch. */
  public static String epoch(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!Epochs.isEpoch(value)) {
      throw ErrorCode.INVALID_REQUEST.exception("'epoch' is not an epoch");
    }
    return value;
  }

  private static int limit(String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ErrorCode.INVALID_REQUEST.exception("'limit' must be 1 to " + MAX_LIMIT);
  }

  private static String text(JsonObject body, String field) {
    Object v = body.getValue(field);
    return v == null ? null : String.valueOf(v);
  }
}

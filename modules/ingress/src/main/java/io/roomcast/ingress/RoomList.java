package io.roomcast.ingress;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.rooms.RoomCensus;
import io.roomcast.core.rooms.RoomCount;
import io.roomcast.core.rooms.RoomsQuery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The wire of {@code GET /api/rooms}: its parameters, checked, and its answer. The cursor is opaque
 * to clients: the last room id of the page, base64url-encoded.
 */
final class RoomList {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private RoomList() {}

  /** Parameters as given (null when absent); a refusal names the bad one. */
  static RoomsQuery query(String prefix, String limit, String cursor) {
    String p = prefix == null ? "" : prefix;
    if (!p.isEmpty() && !Ids.isRoomPrefix(p)) {
      throw ErrorCode.INVALID_ROOM.exception("prefix must be 1-128 chars of A-Z a-z 0-9 _ . : -");
    }
    return new RoomsQuery(p, after(cursor), limit(limit));
  }

  private static int limit(String limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    int n;
    try {
      n = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > MAX_LIMIT || limit.length() > 4) {
      throw ErrorCode.INVALID_REQUEST.exception("limit must be an integer from 1 to " + MAX_LIMIT);
    }
    return n;
  }

  private static String after(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    String room;
    try {
      room = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      room = null;
    }
    if (room == null || !Ids.isRoom(room)) {
      throw ErrorCode.INVALID_REQUEST.exception("cursor is not one this api gave");
    }
    return room;
  }

  static String cursor(String lastRoom) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastRoom.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {rooms:[{room, subscribers, users}], cursor}}, plus {@code partial: true} for a gap. */
  static JsonObject toJson(RoomCensus.Page page) {
    JsonArray rooms = new JsonArray();
    for (RoomCount r : page.rooms()) {
      rooms.add(
          new JsonObject()
              .put("room", r.room())
              .put("subscribers", r.subscribers())
              .put("users", r.users().size()));
    }
    JsonObject out =
        new JsonObject()
            .put("rooms", rooms)
            .put("cursor", page.next() == null ? null : cursor(page.next()));
    return page.partial() ? out.put("partial", true) : out;
  }
}

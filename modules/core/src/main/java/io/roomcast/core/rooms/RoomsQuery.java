package io.roomcast.core.rooms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What the api asks each node's edge on {@code Addresses.nodeRooms(node)}: its rooms with
 * subscribers whose id starts with {@code prefix} and sorts after {@code after} (null: from the
 * first), at most {@code limit} of them, in room-id order.
 */
public record RoomsQuery(String prefix, String after, int limit) {

  /** One room's counts only. */
  public static RoomsQuery one(String room) {
    return new RoomsQuery(room, null, 1);
  }

  public boolean matches(String room) {
    return room.startsWith(prefix) && (after == null || room.compareTo(after) > 0);
  }

  public JsonObject toJson() {
    return new JsonObject().put("prefix", prefix).put("after", after).put("limit", limit);
  }

  public static RoomsQuery fromJson(JsonObject json) {
    return new RoomsQuery(
        json.getString("prefix", ""), json.getString("after"), json.getInteger("limit", 1));
  }

  /** A node's answer: {@code {"rooms":[…]}}. */
  public static JsonObject answer(List<RoomCount> rooms) {
    JsonArray out = new JsonArray();
    rooms.forEach(r -> out.add(r.toJson()));
    return new JsonObject().put("rooms", out);
  }

  static List<RoomCount> rooms(JsonObject answer) {
    List<RoomCount> rooms = new ArrayList<>();
    for (Object r : answer.getJsonArray("rooms", new JsonArray())) {
      if (r instanceof JsonObject json) {
        rooms.add(RoomCount.fromJson(json));
      }
    }
    return rooms;
  }
}

package io.roomcast.core.rooms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A room's subscribers on one node (or summed over the cluster): how many connections follow it and
 * which users they belong to (ids, so that a user connected to several nodes counts once).
 */
public record RoomCount(String room, int subscribers, Set<String> users) {

  JsonObject toJson() {
    return new JsonObject()
        .put("room", room)
        .put("subscribers", subscribers)
        .put("users", new JsonArray(users.stream().toList()));
  }

  static RoomCount fromJson(JsonObject json) {
    Set<String> users = new LinkedHashSet<>();
    for (Object u : json.getJsonArray("users", new JsonArray())) {
      if (u instanceof String user) {
        users.add(user);
      }
    }
    return new RoomCount(json.getString("room"), json.getInteger("subscribers", 0), users);
  }
}

package io.roomcast.presence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.util.List;

/** A room's announced state: the body of snapshot frames and of the presence query. */
record RoomSnapshot(String room, List<Member> users, List<String> typing, List<Receipt> receipts)
    implements Serializable {

  record Member(String user, String status, int connections) implements Serializable {}

  record Receipt(String user, String eventId) implements Serializable {}

  static RoomSnapshot empty(String room) {
    return new RoomSnapshot(room, List.of(), List.of(), List.of());
  }

  /** {@code {"room","users":[{"user","status","connections"}],"typing":[…],"receipts":[…]}}. */
  JsonObject toJson() {
    JsonArray members = new JsonArray();
    for (Member m : users) {
      members.add(
          new JsonObject()
              .put("user", m.user())
              .put("status", m.status())
              .put("connections", m.connections()));
    }
    JsonArray reads = new JsonArray();
    for (Receipt r : receipts) {
      reads.add(new JsonObject().put("user", r.user()).put("event_id", r.eventId()));
    }
    return new JsonObject()
        .put("room", room)
        .put("users", members)
        .put("typing", new JsonArray(List.copyOf(typing)))
        .put("receipts", reads);
  }
}

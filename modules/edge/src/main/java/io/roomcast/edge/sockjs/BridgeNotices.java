package io.roomcast.edge.sockjs;

import io.roomcast.core.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a bridge socket hears when the backend changes its rooms: a {@code rec} message on the
 * user's own inbox address ({@code user.<id>}), whose body is {@code {"type":"subscribed" |
 * "unsubscribed", "data":{"rooms":[…]}}}. The bridge protocol has no frame of its own for it, and
 * the inbox is where a bridge client already listens for what is meant for it.
 */
final class BridgeNotices {
  static final String SUBSCRIBED = "subscribed";
  static final String UNSUBSCRIBED = "unsubscribed";

  private BridgeNotices() {}

  static JsonObject subscribed(String user, List<String> rooms) {
    return notice(user, SUBSCRIBED, rooms);
  }

  static JsonObject unsubscribed(String user, List<String> rooms) {
    return notice(user, UNSUBSCRIBED, rooms);
  }

  private static JsonObject notice(String user, String type, List<String> rooms) {
    JsonObject body =
        new JsonObject()
            .put("type", type)
            .put("data", new JsonObject().put("rooms", new JsonArray(rooms)));
    return new JsonObject()
        .put("type", "rec")
        .put("address", Addresses.user(user))
        .put("body", body);
  }
}

package io.roomcast.edge.connection;

import io.roomcast.core.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A room's current state for the first frame of a subscription: users with status, typers and read
 * receipts, asked of the presence service. Without one (or when it is slow) the parts are empty, so
 * a stream always starts.
 */
public final class Snapshots {
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(2000);

  private final EventBus bus;

  public Snapshots(EventBus bus) {
    this.bus = bus;
  }

  public Future<JsonObject> of(String room) {
    return bus.<JsonObject>request(
            Addresses.PRESENCE_SNAPSHOT, new JsonObject().put("room", room), TIMEOUT)
        .map(reply -> reply.body())
        .otherwise(err -> empty(room));
  }

  public static JsonObject empty(String room) {
    return new JsonObject()
        .put("room", room)
        .put("users", new JsonArray())
        .put("typing", new JsonArray())
        .put("receipts", new JsonArray());
  }
}

package io.roomcast.core.client;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.Envelope;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Puts a finished envelope (id, timestamp and seq already set) on the bus: its room address and
 * every wildcard namespace of the room that somebody follows ({@link NamespaceDirectory}). Whoever
 * publishes room events goes through here, so wildcard subscribers see every event a room
 * subscriber sees.
 */
public final class RoomEvents {
  private final EventBus bus;
  private final NamespaceDirectory directory;

  public RoomEvents(EventBus bus, NamespaceDirectory directory) {
    this.bus = bus;
    this.directory = directory;
  }

  public void publish(Envelope e) {
    publish(e, new DeliveryOptions());
  }

  public void publish(Envelope e, DeliveryOptions options) {
    JsonObject json = e.toJson();
    bus.publish(Addresses.room(e.room()), json, options);
    for (String prefix : Namespaces.of(e.room())) {
      if (directory.followed(prefix)) {
        bus.publish(Addresses.namespace(prefix), json, options);
      }
    }
  }
}

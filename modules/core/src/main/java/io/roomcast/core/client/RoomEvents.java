package io.roomcast.core.client;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EnvelopeJson;
import io.roomcast.core.event.EventJson;
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
    EnvelopeJson.register(bus);
  }

  public void publish(Envelope e) {
    publish(e, new DeliveryOptions());
  }

  public void publish(Envelope e, DeliveryOptions options) {
    publish(e, options, EventJson.of(e));
  }

  /**
   * Publishes {@code e} with its JSON text already written ({@link EventJson#placed}): the one
   * encoding every node's sockets share.
   */
  public void publish(Envelope e, DeliveryOptions options, String text) {
    JsonObject json = new EnvelopeJson(e.toJson(), text);
    options.setCodecName(EnvelopeJson.CODEC);
    bus.publish(Addresses.room(e.room()), json, options);
    for (String prefix : Namespaces.of(e.room())) {
      if (directory.followed(prefix)) {
        bus.publish(Addresses.namespace(prefix), json, options);
      }
    }
  }
}

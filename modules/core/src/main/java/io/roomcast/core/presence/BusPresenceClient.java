package io.roomcast.core.presence;

import io.roomcast.core.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.concurrent.atomic.AtomicLong;

final class BusPresenceClient implements PresenceClient {
  /** JVM-wide, so every connection's JOIN/LEAVE sequence increases whichever client sends it. */
  private static final AtomicLong SEQ = new AtomicLong();

  /** A JOIN unanswered this long counts as done: its LEAVE may go (the seq still orders them). */
  private static final DeliveryOptions JOIN_TIMEOUT = new DeliveryOptions().setSendTimeout(10_000);

  private final EventBus bus;
  private final String node;

  BusPresenceClient(EventBus bus, String node) {
    this.bus = bus;
    this.node = node;
  }

  @Override
  public Future<Void> join(String room, String user, String connection) {
    return bus.request(
            Addresses.PRESENCE_COMMAND,
            new PresenceCommand.Join(room, user, connection, node, SEQ.incrementAndGet()),
            JOIN_TIMEOUT)
        .mapEmpty();
  }

  @Override
  public void leave(String room, String user, String connection) {
    bus.send(
        Addresses.PRESENCE_COMMAND,
        new PresenceCommand.Leave(room, user, connection, node, SEQ.incrementAndGet()));
  }

  @Override
  public void heartbeat() {
    bus.send(Addresses.PRESENCE_COMMAND, new PresenceCommand.Heartbeat(node));
  }
}

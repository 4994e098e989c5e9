package io.roomcast.core.presence;

import io.roomcast.core.Addresses;
import io.roomcast.core.bus.RecordCodec;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.presence.PresenceCommand.Op;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

final class BusPresenceClient implements PresenceClient {
  /** JVM-wide, so every connection's JOIN/LEAVE sequence increases whichever client sends it. */
  private static final AtomicLong SEQ = new AtomicLong();

  private final EventBus bus;
  private final String node;

  BusPresenceClient(Vertx vertx) {
    this.bus = vertx.eventBus();
    this.node = vertx.isClustered() ? Clusters.nodeId(vertx) : "local";
    RecordCodec.register(vertx, PresenceCommand.class);
  }

  @Override
  public void join(String room, String user, String connection) {
    bus.send(
        Addresses.PRESENCE_COMMAND,
        new PresenceCommand(Op.JOIN, room, user, connection, node, null, SEQ.incrementAndGet()));
  }

  @Override
  public void leave(String room, String user, String connection) {
    bus.send(
        Addresses.PRESENCE_COMMAND,
        new PresenceCommand(Op.LEAVE, room, user, connection, node, null, SEQ.incrementAndGet()));
  }

  @Override
  public void heartbeat(Collection<String> connections) {
    bus.send(
        Addresses.PRESENCE_COMMAND,
        new PresenceCommand(Op.HEARTBEAT, null, null, String.join(",", connections), node, null));
  }
}

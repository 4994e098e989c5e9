package io.roomcast.core.presence;

import io.roomcast.core.bus.BusError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What the edge tells the presence service about its connections. Fire-and-forget: a cluster
 * without a presence service simply has no presence.
 */
public interface PresenceClient {

  /** The client of a node whose bus node id is {@code node} ({@code local} when not clustered). */
  static PresenceClient create(Vertx vertx, String node) {
    PresenceCommand.registerCodecs(vertx);
    BusError.register(vertx);
    return new BusPresenceClient(vertx.eventBus(), node);
  }

  /**
   * A connection of {@code user} started following {@code room}. Completes once a presence node
   * applied it, failed or timed out: send the connection's LEAVE for the room only then, so that a
   * LEAVE never races ahead of its JOIN to another presence node.
   */
  Future<Void> join(String room, String user, String connection);

  /**
   * The connection stopped following {@code room} (unsubscribe or close). Only for a room whose
   * {@link #join} was sent, after that join completed.
   */
  void leave(String room, String user, String connection);

  /**
   * Renews this node's lease, which keeps every connection it joined present: liveness is per node,
   * so the cost of a heartbeat does not grow with connections. Sent periodically, also while the
   * node has no connection.
   */
  void heartbeat();
}

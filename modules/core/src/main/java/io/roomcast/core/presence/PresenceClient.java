package io.roomcast.core.presence;

import io.vertx.core.Vertx;
import java.util.Collection;

/**
 * What the edge tells the presence service about its connections. Fire-and-forget: a cluster
 * without a presence service simply has no presence.
 */
public interface PresenceClient {

  static PresenceClient create(Vertx vertx) {
    return new BusPresenceClient(vertx);
  }

  /** A connection of {@code user} started following {@code room}. */
  void join(String room, String user, String connection);

  /** The connection stopped following {@code room} (unsubscribe or close). */
  void leave(String room, String user, String connection);

  /** Keeps this node's live connections present; sent periodically, one message per node. */
  void heartbeat(Collection<String> connections);
}

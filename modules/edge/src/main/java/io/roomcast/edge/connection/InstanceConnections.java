package io.roomcast.edge.connection;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.presence.PresenceClient;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connections of one edge verticle instance (so, one event loop): one periodic sweep for all
 * keepalives and timeouts instead of a timer per connection, and the list to close on shutdown.
 */
public final class InstanceConnections {
  private final Map<String, EdgeConnection> byId = new LinkedHashMap<>();
  private final Vertx vertx;
  private final long timer;

  private final long heartbeat;
  private final Clock clock;

  /**
   * Sweeps every {@code sweepMs}; renews the node's presence lease now and every {@code
   * heartbeatMs}: one message per period whatever the number of connections, and also while there
   * is none, so that a node is leased before its first connection joins.
   */
  public InstanceConnections(
      Vertx vertx, long sweepMs, long heartbeatMs, PresenceClient presence, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.timer = vertx.setPeriodic(sweepMs, id -> sweep());
    presence.heartbeat();
    this.heartbeat = vertx.setPeriodic(heartbeatMs, id -> presence.heartbeat());
  }

  public void add(EdgeConnection c) {
    byId.put(c.id(), c);
  }

  public void remove(EdgeConnection c) {
    byId.remove(c.id(), c);
  }

  private void sweep() {
    long now = clock.millis();
    for (EdgeConnection c : new ArrayList<>(byId.values())) {
      c.sweep(now);
    }
  }

  /** Closes every connection with a final frame telling clients to reconnect elsewhere. */
  public void closeAll(String message) {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(heartbeat);
    for (EdgeConnection c : new ArrayList<>(byId.values())) {
      c.close(ErrorCode.SHUTTING_DOWN, message);
    }
  }
}

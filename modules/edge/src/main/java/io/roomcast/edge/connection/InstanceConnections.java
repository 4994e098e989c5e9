package io.roomcast.edge.connection;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.presence.PresenceClient;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connections of one edge verticle instance (so, one event loop): one periodic sweep for all
 * keepalives and timeouts instead of a timer per connection, and the list to close on shutdown.
 * Each sweep looks only at the connections that are due: a connection tells when it next needs a
 * look (its next ping, keepalive, idle timeout or token expiry) and waits in that time's bucket
 * until then, so an idle socket costs a look per ping period, not one per sweep.
 */
public final class InstanceConnections {
  private static final long HORIZON_MS = 60_000;
  private final Map<String, EdgeConnection> byId = new LinkedHashMap<>();

  /** Connections by the sweep bucket (time / sweepMs) they are next due in. */
  private final TreeMap<Long, List<EdgeConnection>> due = new TreeMap<>();

  private final Vertx vertx;
  private final long sweepMs;

  /** The sweep's periodic timer while a connection waits in a bucket; -1 otherwise. */
  private long timer = -1;

  private final long heartbeat;
  private final Clock clock;

  /**
   * Sweeps every {@code sweepMs} while there are connections to look at; renews the node's presence
   * lease now and every {@code heartbeatMs}: one message per period whatever the number of
   * connections, and also while there is none, so that a node is leased before its first connection
   * joins.
   */
  public InstanceConnections(
      Vertx vertx, long sweepMs, long heartbeatMs, PresenceClient presence, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.sweepMs = sweepMs;
    presence.heartbeat();
    this.heartbeat = vertx.setPeriodic(heartbeatMs, id -> presence.heartbeat());
  }

  public void add(EdgeConnection c) {
    byId.put(c.id(), c);
    long now = clock.millis();
    schedule(c, now, now);
  }

  public void remove(EdgeConnection c) {
    byId.remove(c.id(), c);
  }

  private void sweep() {
    if (due.isEmpty()) {
      // an instance without connections wakes for nothing until the next one arrives
      vertx.cancelTimer(timer);
      timer = -1;
      return;
    }
    long now = clock.millis();
    long bucket = now / sweepMs;
    Map.Entry<Long, List<EdgeConnection>> first;
    while ((first = due.firstEntry()) != null && first.getKey() <= bucket) {
      due.pollFirstEntry();
      for (EdgeConnection c : first.getValue()) {
        if (byId.get(c.id()) == c) {
          schedule(c, c.sweep(now), now);
        }
      }
    }
  }

  /**
   * Puts {@code c} in the bucket of {@code next}: never one already swept, and at most {@value
   * #HORIZON_MS} ms ahead (a connection that ended waits in its bucket until then, skipped).
   */
  private void schedule(EdgeConnection c, long next, long now) {
    long soonest = now / sweepMs + 1;
    long latest = soonest + HORIZON_MS / sweepMs;
    long bucket = next >= now + HORIZON_MS ? latest : (next + sweepMs - 1) / sweepMs;
    bucket = Math.min(latest, Math.max(soonest, bucket));
    due.computeIfAbsent(bucket, b -> new ArrayList<>()).add(c);
    if (timer == -1) {
      timer = vertx.setPeriodic(sweepMs, id -> sweep());
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

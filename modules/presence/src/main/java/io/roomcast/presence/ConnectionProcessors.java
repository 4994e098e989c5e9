package io.roomcast.presence;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.query.Predicate;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The connection index: which rooms a connection joined, on which node. Liveness is per node (its
 * lease, or its membership), so this is how a node's departure finds the rooms to leave. Only a
 * backend's stand-in connection (no node) lives by its own {@code lastSeen}.
 */
final class ConnectionProcessors {
  private ConnectionProcessors() {}

  /**
   * One connection. Immutable: replaced on each change, so queries never see it half-written.
   *
   * @param node null for a backend's stand-in connection (kept alive by its own updates)
   * @param lastSeen when its last update came; it only decides the TTL of stand-ins
   * @param rooms the rooms it joined and has not left; the entry goes with the last one
   */
  record Connection(String user, String node, Set<String> rooms, long lastSeen)
      implements Serializable {}

  /** Creates or refreshes a connection and adds a room to it. */
  record Track(String user, String node, String room, long now)
      implements EntryProcessor<String, Connection, Void> {
    @Override
    public Void process(Map.Entry<String, Connection> entry) {
      Connection had = entry.getValue();
      Set<String> rooms = had == null ? new HashSet<>() : new HashSet<>(had.rooms());
      rooms.add(room);
      long seen = had == null ? now : Math.max(had.lastSeen(), now);
      entry.setValue(new Connection(user, node, Set.copyOf(rooms), seen));
      return null;
    }
  }

  /**
   * The connection left {@code room}: forgets it there, and forgets the connection once it is in no
   * room (a closed connection must not be counted until its TTL runs out).
   */
  record Untrack(String room) implements EntryProcessor<String, Connection, Void> {
    @Override
    public Void process(Map.Entry<String, Connection> entry) {
      Connection had = entry.getValue();
      if (had == null || !had.rooms().contains(room)) {
        return null;
      }
      Set<String> rooms = new HashSet<>(had.rooms());
      rooms.remove(room);
      entry.setValue(
          rooms.isEmpty()
              ? null
              : new Connection(had.user(), had.node(), Set.copyOf(rooms), had.lastSeen()));
      return null;
    }
  }

  /** Removes the connection if it is still unseen since {@code cutoff}; returns what it removed. */
  record RemoveIfStale(long cutoff) implements EntryProcessor<String, Connection, Connection> {
    @Override
    public Connection process(Map.Entry<String, Connection> entry) {
      Connection had = entry.getValue();
      if (had == null || had.lastSeen() >= cutoff) {
        return null;
      }
      entry.setValue(null);
      return had;
    }
  }

  /** A backend's stand-in connections (no node). */
  record StandIn() implements Predicate<String, Connection> {
    @Override
    public boolean apply(Map.Entry<String, Connection> entry) {
      return entry.getValue().node() == null;
    }
  }

  record OnNode(String node) implements Predicate<String, Connection> {
    @Override
    public boolean apply(Map.Entry<String, Connection> entry) {
      return node.equals(entry.getValue().node());
    }
  }
}

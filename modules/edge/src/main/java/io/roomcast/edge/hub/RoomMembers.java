package io.roomcast.edge.hub;

import io.roomcast.core.rooms.RoomCount;
import io.roomcast.core.rooms.RoomsQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Which of this node's connections are in each room (whatever their transport, the bridge's own
 * registrations included) and which users they belong to, in room-id order: what a room's deletion
 * reaches and what the cluster-wide room list counts. Changed when a connection joins or leaves a
 * room, never per event (any thread).
 */
public final class RoomMembers {
  private final NavigableMap<String, Members> rooms = new TreeMap<>();

  private static final class Members {
    final Map<LocalConnection, String> connections = new HashMap<>();
    final Map<String, Integer> users = new HashMap<>();
  }

  public synchronized void joined(String room, LocalConnection connection, String user) {
    Members m = rooms.computeIfAbsent(room, r -> new Members());
    if (m.connections.putIfAbsent(connection, user) == null) {
      m.users.merge(user, 1, Integer::sum);
    }
  }

  public synchronized void left(String room, LocalConnection connection) {
    Members m = rooms.get(room);
    String user = m == null ? null : m.connections.remove(connection);
    if (user == null) {
      return;
    }
    m.users.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
    if (m.connections.isEmpty()) {
      rooms.remove(room);
    }
  }

  /** The connections in {@code room} right now. */
  public synchronized List<LocalConnection> connections(String room) {
    Members m = rooms.get(room);
    return m == null ? List.of() : List.copyOf(m.connections.keySet());
  }

  /** The rooms {@code query} asks for, each with its counts here, in room-id order. */
  public synchronized List<RoomCount> list(RoomsQuery query) {
    String prefix = query.prefix();
    String after = query.after();
    NavigableMap<String, Members> from =
        after != null && after.compareTo(prefix) >= 0
            ? rooms.tailMap(after, false)
            : rooms.tailMap(prefix, true);
    List<RoomCount> out = new ArrayList<>();
    for (Map.Entry<String, Members> e : from.entrySet()) {
      if (out.size() >= query.limit() || !e.getKey().startsWith(prefix)) {
        break; // past the prefix: ids that start with it sort together
      }
      Members m = e.getValue();
      out.add(
          new RoomCount(e.getKey(), m.connections.size(), new LinkedHashSet<>(m.users.keySet())));
    }
    return out;
  }
}

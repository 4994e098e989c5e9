package io.roomcast.presence;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * One user's part of a {@link RoomState}: their connections in the room, what was last announced
 * about them, their typing and their latest read receipt. Changed only inside the room's entry
 * processors, like the room itself.
 */
final class UserPresence implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One connection's part of a user's presence in this room. */
  record Conn(String node, String status, long seq) implements Serializable {}

  /** Replaced on change, never mutated, so readers always see a whole map. */
  Map<String, Conn> connections = Map.of();

  /** The status clients were last told; null when not announced present. */
  String announced;

  /** When the last connection went (0 while connected or not announced). */
  long goneAt;

  /** When typing ends without a refresh; 0 when not typing. */
  long typingUntil;

  String readEventId;

  void put(String connection, Conn c) {
    Map<String, Conn> next = new HashMap<>(connections);
    next.put(connection, c);
    connections = Map.copyOf(next);
  }

  boolean remove(String connection) {
    if (!connections.containsKey(connection)) {
      return false;
    }
    Map<String, Conn> next = new HashMap<>(connections);
    next.remove(connection);
    connections = Map.copyOf(next);
    return true;
  }

  boolean removeNode(String node) {
    Map<String, Conn> next = new HashMap<>(connections);
    if (!next.values().removeIf(c -> node.equals(c.node()))) {
      return false;
    }
    connections = Map.copyOf(next);
    return true;
  }

  /** The best status over the connections; null when there are none. */
  String best() {
    String best = null;
    for (Conn c : connections.values()) {
      if (rank(c.status()) > rank(best)) {
        best = c.status();
      }
    }
    return best;
  }

  long deadline(Timing t) {
    long d = 0;
    if (typingUntil != 0) {
      d = typingUntil;
    }
    if (goneAt != 0) {
      d = earliest(d, goneAt + t.graceMs());
    }
    return d;
  }

  boolean isEmpty() {
    return connections.isEmpty() && announced == null && typingUntil == 0 && readEventId == null;
  }

  static int rank(String status) {
    if (status == null) {
      return 0;
    }
    return switch (status) {
      case RoomState.ONLINE -> 3;
      case RoomState.AWAY -> 2;
      default -> 1;
    };
  }

  static long earliest(long a, long b) {
    return a == 0 ? b : b == 0 ? a : Math.min(a, b);
  }
}

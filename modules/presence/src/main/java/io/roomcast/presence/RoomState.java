package io.roomcast.presence;

import io.roomcast.core.event.EventTypes;
import io.roomcast.presence.UserPresence.Conn;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One room's presence, typing and read receipts, and the rules that turn changes into events. It is
 * one Hazelcast map value, changed only by entry processors on its partition, so each decision
 * ("was this the user's first connection?") is atomic cluster-wide and is announced once. No I/O:
 * times are epoch millis from the caller's clock, so expiry is exact in tests.
 *
 * <p>A user's status is the best over their connections (online &gt; away &gt; offline). What was
 * last announced is kept per user, and events go out only when the aggregate differs from it.
 */
final class RoomState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How long a LEAVE is remembered, so that its JOIN arriving later is refused. */
  static final long LEAVE_MEMORY_MS = 60_000;

  static final String ONLINE = "online";
  static final String AWAY = "away";
  static final String OFFLINE = "offline";

  private final String room;
  // concurrent maps: partition migration may serialize a state while nothing else touches it,
  // but queries must never see a map mid-rehash
  private final Map<String, UserPresence> users = new ConcurrentHashMap<>();
  private final Map<String, Leave> leaves = new ConcurrentHashMap<>();

  /** Earliest deadline (typing, grace, remembered leave); 0 for none. May be early, never late. */
  private volatile long nextDue;

  RoomState(String room) {
    this.room = room;
  }

  /** A LEAVE remembered to refuse an overtaken JOIN with a lower seq. */
  record Leave(long seq, long at) implements Serializable {}

  boolean isEmpty() {
    return users.isEmpty() && leaves.isEmpty();
  }

  boolean due(long now) {
    long d = nextDue;
    return d != 0 && d <= now;
  }

  /** The earliest deadline, 0 for none. */
  long nextDue() {
    return nextDue;
  }

  boolean holdsNode(String node) {
    for (UserPresence u : users.values()) {
      for (Conn c : u.connections.values()) {
        if (node.equals(c.node())) {
          return true;
        }
      }
    }
    return false;
  }

  private void dueAt(long at) {
    nextDue = UserPresence.earliest(nextDue, at);
  }

  List<Change> join(String user, String connection, String node, long seq, long now, Timing t) {
    Leave left = leaves.get(connection);
    if (left != null && left.seq() > seq) {
      return List.of(); // its LEAVE overtook this JOIN
    }
    UserPresence u = users.computeIfAbsent(user, k -> new UserPresence());
    Conn had = u.connections.get(connection);
    if (had != null && had.seq() > seq) {
      return List.of();
    }
    leaves.remove(connection);
    u.put(connection, new Conn(node, had == null ? ONLINE : had.status(), seq));
    return settle(user, u, connection, now, t);
  }

  List<Change> leave(String user, String connection, long seq, long now, Timing t) {
    UserPresence u = users.get(user);
    Conn had = u == null ? null : u.connections.get(connection);
    if (had != null && had.seq() > seq) {
      return List.of(); // a later JOIN of the same connection already counted
    }
    if (seq > 0) {
      leaves.put(connection, new Leave(seq, now));
      dueAt(now + LEAVE_MEMORY_MS);
    }
    if (had == null) {
      return List.of();
    }
    u.remove(connection);
    return settle(user, u, connection, now, t);
  }

  /** The connection is gone for good (its node or stand-in lapsed): no ordering checks. */
  List<Change> drop(String user, String connection, long now, Timing t) {
    UserPresence u = users.get(user);
    if (u == null || !u.remove(connection)) {
      return List.of();
    }
    return settle(user, u, null, now, t);
  }

  /** Every connection held by {@code node} is gone: the node left the cluster. */
  List<Change> dropNode(String node, long now, Timing t) {
    List<Change> out = new ArrayList<>();
    for (Map.Entry<String, UserPresence> e : users.entrySet()) {
      if (e.getValue().removeNode(node)) {
        out.addAll(settle(e.getKey(), e.getValue(), null, now, t));
      }
    }
    return out;
  }

  /**
   * A connection's own status. With {@code onBehalf} (a backend acting for the user) the status
   * applies to all of the user's connections, and {@code connection} stands in for the user when
   * they have none.
   */
  List<Change> status(
      String user, String connection, String status, boolean onBehalf, long now, Timing t) {
    UserPresence u = users.computeIfAbsent(user, k -> new UserPresence());
    if (!onBehalf) {
      Conn had = u.connections.get(connection);
      if (had != null) {
        u.put(connection, new Conn(had.node(), status, had.seq()));
      }
      return settle(user, u, connection, now, t);
    }
    if (u.connections.isEmpty() && !status.equals(OFFLINE)) {
      u.put(connection, new Conn(null, status, 0));
    }
    Map<String, Conn> next = new HashMap<>();
    u.connections.forEach((id, c) -> next.put(id, new Conn(c.node(), status, c.seq())));
    u.connections = Map.copyOf(next);
    return settle(user, u, null, now, t);
  }

  /** Typing starts once; a refresh only extends it; a stop (or a message) ends it once. */
  List<Change> typing(String user, String connection, boolean typing, long now, Timing t) {
    UserPresence u =
        typing ? users.computeIfAbsent(user, k -> new UserPresence()) : users.get(user);
    if (u == null) {
      return List.of();
    }
    if (typing) {
      boolean started = u.typingUntil == 0;
      u.typingUntil = now + t.typingMs();
      dueAt(u.typingUntil);
      return started
          ? List.of(new Change(room, EventTypes.TYPING_START, user, connection, null))
          : List.of();
    }
    if (u.typingUntil == 0) {
      return List.of();
    }
    u.typingUntil = 0;
    prune(user, u);
    return List.of(new Change(room, EventTypes.TYPING_STOP, user, connection, null));
  }

  /** The user read the room up to {@code eventId}; repeating the same receipt says nothing. */
  List<Change> read(String user, String connection, String eventId) {
    UserPresence u = users.computeIfAbsent(user, k -> new UserPresence());
    if (eventId.equals(u.readEventId)) {
      return List.of();
    }
    u.readEventId = eventId;
    return List.of(new Change(room, EventTypes.READ, user, connection, eventId));
  }

  /** Ends what is due at {@code now}: typing without refresh, grace periods, old leaves. */
  List<Change> expire(long now, Timing t) {
    List<Change> out = new ArrayList<>();
    long next = 0;
    for (Map.Entry<String, UserPresence> e : users.entrySet()) {
      UserPresence u = e.getValue();
      if (u.typingUntil != 0 && u.typingUntil <= now) {
        u.typingUntil = 0;
        out.add(new Change(room, EventTypes.TYPING_STOP, e.getKey(), null, null));
      }
      out.addAll(settle(e.getKey(), u, null, now, t));
      next = UserPresence.earliest(next, u.deadline(t));
    }
    leaves.values().removeIf(l -> l.at() + LEAVE_MEMORY_MS <= now);
    for (Leave l : leaves.values()) {
      next = UserPresence.earliest(next, l.at() + LEAVE_MEMORY_MS);
    }
    nextDue = next;
    return out;
  }

  /** Compares the user's aggregate status with what was announced and says what changed. */
  private List<Change> settle(String user, UserPresence u, String connection, long now, Timing t) {
    List<Change> out = new ArrayList<>(2);
    String best = u.best();
    if (best != null) {
      u.goneAt = 0;
      if (!best.equals(u.announced)) {
        if (u.announced == null) {
          out.add(new Change(room, EventTypes.JOIN, user, connection, null));
        }
        out.add(new Change(room, presenceType(best), user, connection, best));
        u.announced = best;
      }
    } else if (u.announced != null) {
      if (u.goneAt == 0) {
        u.goneAt = now;
      }
      if (u.goneAt + t.graceMs() <= now) {
        if (u.typingUntil != 0) {
          u.typingUntil = 0;
          out.add(new Change(room, EventTypes.TYPING_STOP, user, null, null));
        }
        if (!OFFLINE.equals(u.announced)) {
          out.add(new Change(room, EventTypes.PRESENCE_OFFLINE, user, null, OFFLINE));
        }
        out.add(new Change(room, EventTypes.LEAVE, user, null, null));
        u.announced = null;
        u.goneAt = 0;
      } else {
        dueAt(u.goneAt + t.graceMs());
      }
    }
    prune(user, u);
    return out;
  }

  private void prune(String user, UserPresence u) {
    if (u.isEmpty()) {
      users.remove(user, u);
    }
  }

  private static String presenceType(String status) {
    return switch (status) {
      case ONLINE -> EventTypes.PRESENCE_ONLINE;
      case AWAY -> EventTypes.PRESENCE_AWAY;
      default -> EventTypes.PRESENCE_OFFLINE;
    };
  }

  /** Announced users (with live connection counts), current typers and the latest receipts. */
  RoomSnapshot snapshot() {
    List<RoomSnapshot.Member> members = new ArrayList<>(users.size());
    List<String> typers = new ArrayList<>();
    List<RoomSnapshot.Receipt> receipts = new ArrayList<>();
    users.forEach(
        (user, u) -> {
          if (u.announced != null) {
            members.add(new RoomSnapshot.Member(user, u.announced, u.connections.size()));
          }
          if (u.typingUntil != 0) {
            typers.add(user);
          }
          if (u.readEventId != null) {
            receipts.add(new RoomSnapshot.Receipt(user, u.readEventId));
          }
        });
    return new RoomSnapshot(room, members, typers, receipts);
  }
}

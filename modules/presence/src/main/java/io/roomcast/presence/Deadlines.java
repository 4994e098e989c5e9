package io.roomcast.presence;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The deadlines this presence node owes the store, by time: rooms whose typing, grace period or
 * remembered leave ends, and stand-in connections whose TTL may run out. The node that applied the
 * change that set a deadline keeps it, so an idle store is never scanned for due work; when a
 * presence node leaves the cluster, the sweeper adopts what is pending in the store (see {@link
 * PresenceStore#adopt}). A deadline kept twice only costs a second, empty expiry.
 */
final class Deadlines {
  enum Kind {
    /** A room to expire. */
    ROOM,
    /**
     * A room to expire whose later deadlines nobody keeps (adopted from a departed node): after
     * expiring, its next deadline is read and kept too.
     */
    ADOPTED_ROOM,
    /** A stand-in connection to check against the TTL. */
    STAND_IN
  }

  record Due(Kind kind, String key) {}

  private final NavigableMap<Long, Set<Due>> byTime = new TreeMap<>();

  void room(String room, long at) {
    add(at, new Due(Kind.ROOM, room));
  }

  void adoptedRoom(String room, long at) {
    add(at, new Due(Kind.ADOPTED_ROOM, room));
  }

  void standIn(String connection, long at) {
    add(at, new Due(Kind.STAND_IN, connection));
  }

  private synchronized void add(long at, Due due) {
    byTime.computeIfAbsent(at, k -> new LinkedHashSet<>()).add(due);
  }

  /** Takes what is due at {@code now}, each once, earliest first. */
  synchronized Set<Due> take(long now) {
    Map<Long, Set<Due>> head = byTime.headMap(now, true);
    Set<Due> out = new LinkedHashSet<>();
    head.values().forEach(out::addAll);
    head.clear();
    return out;
  }
}

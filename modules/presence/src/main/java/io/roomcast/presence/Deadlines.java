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
  /** A room to expire ({@code room} true) or a stand-in connection to check. */
  record Due(boolean room, String key) {}

  private final NavigableMap<Long, Set<Due>> byTime = new TreeMap<>();

  synchronized void room(String room, long at) {
    byTime.computeIfAbsent(at, k -> new LinkedHashSet<>()).add(new Due(true, room));
  }

  synchronized void standIn(String connection, long at) {
    byTime.computeIfAbsent(at, k -> new LinkedHashSet<>()).add(new Due(false, connection));
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

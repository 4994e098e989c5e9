package io.roomcast.hooks;

import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The blocking half of a delivery scan, run on a worker: the queue entries this member owns that
 * its delivery does not know yet, after dropping the oldest of its share when the cluster's queue
 * holds more than its bound.
 */
final class OwnedEntries {
  private final IMap<String, Pending> queue;
  private final int maxPending;

  /** What a scan found: entries it dropped over the bound, and owned entries not known here. */
  record Scan(List<String> dropped, Map<String, Pending> unknown) {}

  OwnedEntries(IMap<String, Pending> queue, int maxPending) {
    this.queue = queue;
    this.maxPending = maxPending;
  }

  Scan scan(Set<String> known) {
    TreeSet<String> owned = new TreeSet<>(queue.localKeySet());
    if (owned.isEmpty()) {
      return new Scan(List.of(), Map.of()); // nothing to send or drop: no cluster-wide count
    }
    List<String> dropped = new ArrayList<>();
    int size = queue.size();
    int excess = size - maxPending;
    if (excess > 0) {
      // this member's share of the excess, from its oldest entries (keys sort by time)
      int share = (int) Math.min(owned.size(), ((long) excess * owned.size() + size - 1) / size);
      for (int i = 0; i < share; i++) {
        String key = owned.pollFirst();
        queue.delete(key);
        dropped.add(key);
      }
    }
    owned.removeAll(known);
    Map<String, Pending> unknown = owned.isEmpty() ? Map.of() : queue.getAll(owned);
    return new Scan(dropped, unknown);
  }
}

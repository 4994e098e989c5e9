package io.roomcast.history;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a room's log lives: Hazelcast's partition table names the owner (so rooms spread over the
 * members and move when members join or leave, as the table moves), and the member after the owner
 * in join order keeps the backup. Every member sees the same table and the same order once a change
 * has settled; while it settles, two members may both take themselves for a room's owner, which the
 * hand-over ({@link HeldLog}) makes safe.
 */
final class Members {
  /** Rooms whose partition is remembered (finding it serializes and hashes the name). */
  private static final int MAX_CACHED = 100_000;

  private final HazelcastInstance hazelcast;
  private final String self;
  private final Map<String, Partition> partitions = new ConcurrentHashMap<>();

  Members(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** This member's id, the node id its bus address is built from. */
  String self() {
    return self;
  }

  /**
   * The room's owner, or null while the partition table has none (a member is starting). A room's
   * partition never changes; its owner is read from the live table each time.
   */
  String owner(String room) {
    Partition partition = partitions.get(room);
    if (partition == null) {
      if (partitions.size() >= MAX_CACHED) {
        partitions.clear();
      }
      partition = hazelcast.getPartitionService().getPartition(room);
      partitions.put(room, partition);
    }
    Member owner = partition.getOwner();
    return owner == null ? null : owner.getUuid().toString();
  }

  /**
   * Who keeps the copy of a log {@code owner} owns: the next member in join order, or null alone.
   */
  String backupOf(String owner) {
    Set<Member> members = hazelcast.getCluster().getMembers();
    if (members.size() < 2) {
      return null;
    }
    List<String> ids = ids();
    int at = ids.indexOf(owner);
    return at < 0 ? null : ids.get((at + 1) % ids.size());
  }

  /** Every other member, in join order. */
  List<String> others() {
    List<String> ids = ids();
    ids.remove(self);
    return ids;
  }

  private List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (Member m : hazelcast.getCluster().getMembers()) {
      ids.add(m.getUuid().toString());
    }
    return ids;
  }
}

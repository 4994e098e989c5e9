package io.roomcast.presence;

import io.roomcast.core.presence.PresenceCommand;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Cluster-wide presence state. Every method returns the user-level changes it caused, which the
 * caller publishes; an implementation must report each change to exactly one caller, even when
 * several nodes act on the same room at once.
 */
interface PresenceStore {

  /** Applies a validated command at {@code now}. */
  Future<List<Change>> apply(PresenceCommand command, Instant now);

  /** The room's announced users, typers and receipts. */
  Future<RoomSnapshot> snapshot(String room, Instant now);

  /** Ends what is due: typing without refresh, offline grace periods, connections past the TTL. */
  Future<List<Change>> expire(Instant now);

  /** Removes every connection held by {@code node}, which left the cluster. */
  Future<List<Change>> dropNode(String node, Instant now);
}

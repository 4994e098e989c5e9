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

  /** Forgets the room (a deleted room): its users, typers and receipts, without events. */
  Future<Void> clear(String room);

  /**
   * Ends what is due from the changes this node applied: typing without refresh, offline grace
   * periods, stand-in connections past the TTL. Touches only the rooms and connections concerned.
   */
  Future<List<Change>> expire(Instant now);

  /** Removes the connections of every node whose lease was not renewed within the TTL. */
  Future<List<Change>> expireLeases(Instant now);

  /**
   * Removes every connection held by {@code node} (it left the cluster or lapsed), and its lease.
   */
  Future<List<Change>> dropNode(String node, Instant now);

  /**
   * Takes over the deadlines pending anywhere in the store (a presence node that kept some left the
   * cluster). A scan, for departures only.
   */
  Future<Void> adopt();
}

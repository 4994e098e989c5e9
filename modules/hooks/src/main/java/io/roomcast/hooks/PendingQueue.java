package io.roomcast.hooks;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The cluster's webhook queue: the Hazelcast map {@value #MAP}, pending entries by key {@code
 * <event id>#<receiver index>}, one backup. Each entry lives on its key's partition, and the member
 * owning that partition sends it; when a member dies its backups become owned by a survivor, which
 * sends them. Event ids are time-ordered (UUIDv7), so keys sort oldest first.
 *
 * <p>A map rather than a queue: a queue lives on one partition (one member sends everything, and
 * every other member's events cross the network to it), and it cannot delete an entry in its middle
 * once it is delivered out of order after retries.
 */
final class PendingQueue {
  static final String MAP = "roomcast.hooks.pending";

  private PendingQueue() {}

  /** Opens the map (a blocking call: not on an event loop). */
  static IMap<String, Pending> open(HazelcastInstance hz) {
    return hz.getMap(MAP);
  }

  static String key(String eventId, int receiver) {
    return eventId + "#" + receiver;
  }

  /** The webhook id of a key: what {@code X-Roomcast-Webhook-Id} and the body's {@code id} say. */
  static String eventId(String key) {
    int hash = key.lastIndexOf('#');
    return hash < 0 ? key : key.substring(0, hash);
  }
}

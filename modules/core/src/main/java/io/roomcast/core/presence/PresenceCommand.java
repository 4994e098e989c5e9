package io.roomcast.core.presence;

/**
 * A command to the presence service on {@code roomcast.presence.command}.
 *
 * @param op what happened
 * @param node the bus node id holding the connection (used to sweep a dead node's connections)
 * @param value status ({@code online|away|offline}) for STATUS, {@code true|false} for TYPING, the
 *     event id for READ, null otherwise
 * @param seq orders JOIN and LEAVE of one connection: increasing per sending JVM, 0 when unknown.
 *     Bus sends are spread over presence nodes, so a LEAVE may overtake its JOIN; the higher seq
 *     wins
 */
public record PresenceCommand(
    Op op, String room, String user, String connection, String node, String value, long seq) {

  /** A command without ordering information (seq 0). */
  public PresenceCommand(
      Op op, String room, String user, String connection, String node, String value) {
    this(op, room, user, connection, node, value, 0);
  }

  public enum Op {
    /** A connection started following a room. */
    JOIN,
    /** A connection stopped following a room (unsubscribe or close). */
    LEAVE,
    /** Renews the lease of {@code node}, which keeps all of its connections present. */
    HEARTBEAT,
    STATUS,
    TYPING,
    READ,
    /** The user published a message: ends their typing. */
    PUBLISHED
  }
}

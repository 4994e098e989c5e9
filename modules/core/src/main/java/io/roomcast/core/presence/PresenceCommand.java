package io.roomcast.core.presence;

import io.roomcast.core.bus.RecordCodec;
import io.vertx.core.Vertx;

/**
 * A command to the presence service on {@code roomcast.presence.command}, one record per command.
 * Each travels through its own cluster codec ({@link #registerCodecs}); the presence service
 * validates every field before it touches shared state.
 */
public sealed interface PresenceCommand {

  /**
   * A connection started following a room.
   *
   * @param node the bus node id holding the connection (its lease keeps the connection present)
   * @param seq orders JOIN and LEAVE of one connection: increasing per sending JVM, 0 when unknown.
   *     Bus sends are spread over presence nodes, so a LEAVE may overtake its JOIN; the higher seq
   *     wins
   */
  record Join(String room, String user, String connection, String node, long seq)
      implements PresenceCommand {}

  /** A connection stopped following a room (unsubscribe or close); {@code seq} as for a join. */
  record Leave(String room, String user, String connection, String node, long seq)
      implements PresenceCommand {}

  /** Renews the lease of {@code node}, which keeps all of its connections present. */
  record Heartbeat(String node) implements PresenceCommand {}

  /**
   * {@code online}, {@code away} or {@code offline}; without a connection, a backend sets the
   * user's status in the room.
   */
  record Status(String room, String user, String connection, String status)
      implements PresenceCommand {}

  record Typing(String room, String user, String connection, boolean typing)
      implements PresenceCommand {}

  /** A read receipt: the user read the room up to {@code eventId}. */
  record Read(String room, String user, String connection, String eventId)
      implements PresenceCommand {}

  /** The user published a message: ends their typing. */
  record Published(String room, String user, String connection) implements PresenceCommand {}

  /** Registers the codec of every command; call on every node that sends or handles them. */
  static void registerCodecs(Vertx vertx) {
    RecordCodec.register(vertx, Join.class);
    RecordCodec.register(vertx, Leave.class);
    RecordCodec.register(vertx, Heartbeat.class);
    RecordCodec.register(vertx, Status.class);
    RecordCodec.register(vertx, Typing.class);
    RecordCodec.register(vertx, Read.class);
    RecordCodec.register(vertx, Published.class);
  }
}

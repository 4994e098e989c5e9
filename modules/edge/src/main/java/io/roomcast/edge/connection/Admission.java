package io.roomcast.edge.connection;

import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.rooms.RoomDirectory;
import io.vertx.core.Future;

/**
 * The one check every door runs before a subscription to an exact room is admitted (an SSE room
 * stream, a WebSocket {@code subscribe}, a bridge {@code register} on {@code room.*}), after the
 * token's {@code rooms} claim allowed it. Wildcard patterns are not admitted room by room.
 *
 * <p>A refusal is a failed future carrying a {@link RoomcastException} whose code the door sends
 * ({@code room_not_found}, {@code forbidden}, {@code unavailable}…). The future may complete on any
 * thread: doors go back to their connection's context with {@link Edge#admit}.
 */
@FunctionalInterface
public interface Admission {
  /** Admits everything, at no cost. */
  Admission ALL = (identity, room, connectionId, cid, transport) -> Future.succeededFuture();

  /**
   * @param connectionId the server-assigned id the subscription will belong to
   * @param cid the client's own connection id, or null when it gave none
   * @param transport {@code sse}, {@code ws} or {@code sockjs}
   */
  Future<Void> admit(
      Identity identity, String room, String connectionId, String cid, String transport);

  /**
   * Rooms that must exist: with {@code rooms.requireCreated} on, a room not created answers {@code
   * room_not_found}; off, this is {@link #ALL} and costs nothing.
   */
  static Admission existing(RoomDirectory rooms) {
    if (!rooms.required()) {
      return ALL;
    }
    return (identity, room, connectionId, cid, transport) -> rooms.require(room);
  }

  /** This check, then {@code next} when this one admits; {@code next} is skipped on a refusal. */
  default Admission then(Admission next) {
    if (this == ALL) {
      return next;
    }
    if (next == ALL) {
      return this;
    }
    return (identity, room, connectionId, cid, transport) -> {
      Future<Void> first = admit(identity, room, connectionId, cid, transport);
      return first.succeeded()
          ? next.admit(identity, room, connectionId, cid, transport)
          : first.compose(v -> next.admit(identity, room, connectionId, cid, transport));
    };
  }
}

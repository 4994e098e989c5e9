package io.roomcast.edge.connection;

import io.roomcast.core.RoomcastException;

/**
 * A refusal that concerns one room of a client's request (a room of a subscribe or register that
 * may not be admitted, a publish into a room that does not exist): the error frame names the room.
 */
public final class RoomRefusal extends RuntimeException {
  private final String room;
  private final RoomcastException reason;

  public RoomRefusal(String room, Throwable cause) {
    super(cause.getMessage(), null, false, false);
    this.room = room;
    this.reason = RoomcastException.of(cause);
  }

  /** The message that tells a client {@code room} was deleted. */
  public static String deleted(String room) {
    return "room '" + room + "' was deleted";
  }

  public String room() {
    return room;
  }

  public RoomcastException reason() {
    return reason;
  }
}

package io.roomcast.core.history;

/**
 * Whether a client's position continues the room's stream. Anything but {@link #EXACT} means the
 * client must resync: it gets a {@code reset} with the current position, never silence.
 */
public enum Continuity {
  /** The position is in this epoch and every event after it is still in history. */
  EXACT(null),
  /** Events after the position have left history (count or age bound). */
  EXPIRED("expired"),
  /** The position belongs to another epoch: the store lost continuity since. */
  EPOCH("epoch"),
  /** The position is beyond the room's last seq. */
  FUTURE("future");

  private final String reason;

  Continuity(String reason) {
    this.reason = reason;
  }

  /** The {@code reason} of a reset frame; null for {@link #EXACT}. */
  public String reason() {
    return reason;
  }
}

package io.roomcast.core.event;

import java.util.Locale;

/** What happened to a push addressed to one connection. */
public enum PushResult {
  DELIVERED,
  /** The connection's type patterns exclude the event's type. */
  FILTERED,
  /** No connection with that id exists on any node. */
  NOT_CONNECTED,
  /** The connection exists but is closing or overflowing. */
  SEND_FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}

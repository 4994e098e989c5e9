package io.roomcast.relay;

import io.roomcast.core.event.EventDraft;
import io.vertx.core.json.JsonObject;

/** What one Redis message asks of the relay, as decided by {@link InboundParser}. */
sealed interface Inbound {

  /**
   * Publish into a room.
   *
   * @param origin where the event entered from: another cluster's origin, or {@code redis}
   */
  record ToRoom(EventDraft draft, String origin) implements Inbound {}

  /** Push to every connection of a user. */
  record ToUser(String user, String type, JsonObject data, String html) implements Inbound {}

  /** This cluster's own mirrored event coming back from Redis: dropped, never re-injected. */
  record Echo() implements Inbound {}
}

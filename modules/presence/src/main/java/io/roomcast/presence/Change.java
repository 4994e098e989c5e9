package io.roomcast.presence;

import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventIds;
import io.roomcast.core.event.EventTypes;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.time.Instant;

/**
 * A user-level change in a room that clients must hear about: one ephemeral event.
 *
 * @param connection the connection that caused it, when there is one
 * @param detail the status of {@code presence.*} events, the event id of {@code read}
 */
record Change(String room, String type, String user, String connection, String detail)
    implements Serializable {

  /** The event as it goes on the bus: no seq (ephemeral), {@code data} with the detail. */
  Envelope toEnvelope(Instant ts) {
    JsonObject data = new JsonObject();
    if (type.startsWith("presence.")) {
      data.put("status", detail);
    } else if (type.equals(EventTypes.READ)) {
      data.put("event_id", detail);
    }
    return new Envelope(EventIds.next(), room, type, user, connection, data, ts, null);
  }
}

package io.roomcast.core.history;

import io.roomcast.core.event.Envelope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Events read from a room's history plus the room's position when they were read.
 *
 * @param epoch null when the room never had a durable event
 * @param oldest the oldest seq still in history; {@code last + 1} when history is empty
 * @param last the room's last seq (0 when none)
 * @param events seq above the asked position, oldest first, in seq order without gaps
 */
public record HistoryPage(
    String room, String epoch, long oldest, long last, List<Envelope> events) {

  public StreamPosition position() {
    return new StreamPosition(epoch, last);
  }

  /** Whether a client at {@code since} (in {@code clientEpoch}, null if unknown) can resume. */
  public Continuity continuity(String clientEpoch, long since) {
    if (since > 0 && clientEpoch != null && !clientEpoch.equals(epoch)) {
      return Continuity.EPOCH;
    }
    if (since > last) {
      return Continuity.FUTURE;
    }
    if (since < oldest - 1) {
      return Continuity.EXPIRED;
    }
    return Continuity.EXACT;
  }

  /** Whether events after the last one returned remain (the read hit its limit). */
  public boolean more() {
    return !events.isEmpty() && events.get(events.size() - 1).seq() < last;
  }

  /**
   * The REST and bus answer: {@code {room, epoch, seq, oldest, events, more}} plus {@code reset} (a
   * {@link Continuity#reason()}) when the asked position cannot be continued.
   */
  public JsonObject toJson(Continuity continuity) {
    JsonObject json = new JsonObject().put("room", room);
    if (epoch != null) {
      json.put("epoch", epoch);
    }
    json.put("seq", last).put("oldest", oldest);
    JsonArray list = new JsonArray();
    for (Envelope e : events) {
      list.add(e.toJson());
    }
    json.put("events", list).put("more", more());
    if (continuity != Continuity.EXACT) {
      json.put("reset", continuity.reason());
    }
    return json;
  }
}

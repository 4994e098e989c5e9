package io.roomcast.core.history;

import io.roomcast.core.event.Envelope;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's durable events as a bounded stream (README "History and resume"). The stores live in the
 * history module: by default each room's log in its owner member's memory with a backup on another,
 * Redis Streams when Redis is configured.
 *
 * <p>{@link #append} gives an event its {@code seq} and stores it in one atomic step, so every seq
 * that exists is in history: whoever sees seq 44 can always read seq 43 (unless it aged out).
 */
public interface HistoryStore {
  /**
   * Starts answering what other nodes ask of this one (the embedded store's owners and backups);
   * the history verticle calls it once, on its context.
   */
  default Future<Void> start() {
    return Future.succeededFuture();
  }

  /** Stores a durable event; the answer is the event stamped with its {@code seq} and epoch. */
  Future<Envelope> append(Envelope event);

  /**
   * {@link #append} with the event's JSON already written ({@code EventJson.unplaced}): a store
   * that keeps JSON keeps this text instead of encoding the event again.
   */
  default Future<Envelope> append(Envelope event, String unplacedJson) {
    return append(event);
  }

  /**
   * Stores several durable events at once, each room's in the order given; the answer holds each
   * event's outcome at its index (stamped, or failed as {@link #append} fails). A store may make
   * one round trip of all of it; this default appends each room's events one after the other.
   *
   * @param unplacedJson each event's JSON already written, at its index (as for {@link
   *     #append(Envelope, String)})
   */
  default List<Future<Envelope>> appendAll(List<Envelope> events, List<String> unplacedJson) {
    Map<String, Future<Envelope>> lastOfRoom = new HashMap<>();
    List<Future<Envelope>> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Envelope e = events.get(i);
      String json = unplacedJson.get(i);
      Future<Envelope> before = lastOfRoom.get(e.room());
      Future<Envelope> next =
          before == null ? append(e, json) : before.transform(x -> append(e, json));
      lastOfRoom.put(e.room(), next);
      out.add(next);
    }
    return out;
  }

  /**
   * Events of {@code room} with a seq above {@code since}, oldest first, at most {@code limit}, and
   * the room's position at the time of reading.
   */
  Future<HistoryPage> read(String room, long since, int limit);

  /** The room's current epoch and last seq, without events. */
  default Future<StreamPosition> position(String room) {
    return read(room, Long.MAX_VALUE, 0).map(HistoryPage::position);
  }

  /**
   * Forgets the room's history: the next stored event starts a new epoch at seq 1, so a client
   * resuming from before sees a reset rather than a gap.
   */
  Future<Void> delete(String room);
}

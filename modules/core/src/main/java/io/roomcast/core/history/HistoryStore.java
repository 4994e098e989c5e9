package io.roomcast.core.history;

import io.roomcast.core.event.Envelope;
import io.vertx.core.Future;

/**
 * A room's durable events as a bounded stream (README "History and resume"). Embedded default:
 * {@link HazelcastHistoryStore}; Redis Streams when Redis is configured.
 *
 * <p>{@link #append} gives an event its {@code seq} and stores it in one atomic step, so every seq
 * that exists is in history: whoever sees seq 44 can always read seq 43 (unless it aged out).
 */
public interface HistoryStore {
  /** Stores a durable event; the answer is the event stamped with its {@code seq} and epoch. */
  Future<Envelope> append(Envelope event);

  /**
   * Events of {@code room} with a seq above {@code since}, oldest first, at most {@code limit}, and
   * the room's position at the time of reading.
   */
  Future<HistoryPage> read(String room, long since, int limit);

  /** The room's current epoch and last seq, without events. */
  default Future<StreamPosition> position(String room) {
    return read(room, Long.MAX_VALUE, 0).map(HistoryPage::position);
  }
}

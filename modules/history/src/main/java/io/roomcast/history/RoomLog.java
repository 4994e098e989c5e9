package io.roomcast.history;

import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventJson;
import io.roomcast.core.history.HistoryPage;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One room's stream as the embedded stores keep it: the epoch, the last seq handed out, and the
 * retained events (contiguous seqs, oldest first). Not thread-safe: Hazelcast runs entry processors
 * of one key one at a time; the local store locks it.
 */
final class RoomLog implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How many recent events {@link #append} checks for a retried append of the same event. */
  private static final int RETRY_WINDOW = 8;

  /** One stored event: the envelope's JSON without seq and epoch, and when it was stored. */
  record Stored(long seq, long atMs, String id, String json) implements Serializable {}

  /** What a read returns across the cluster. */
  record Slice(String epoch, long oldest, long last, List<Stored> events) implements Serializable {}

  /** What an append returns: the event's place. */
  record Stamp(String epoch, long seq) implements Serializable {}

  private final String epoch;
  private long last;
  private final ArrayDeque<Stored> events = new ArrayDeque<>();

  RoomLog(String epoch) {
    this.epoch = epoch;
  }

  /**
   * Gives the event the next seq and keeps it. An event whose id is among the latest few is a
   * retried append (e.g. re-sent during a partition migration) and keeps its first seq.
   */
  Stamp append(String id, String json, long nowMs, int maxEvents, long maxAgeMs) {
    return append(id, json, nowMs, maxEvents, maxAgeMs, RETRY_WINDOW);
  }

  /**
   * Appends events in order, as {@link #append} each; a retry of the whole batch finds each of its
   * events among the latest (the batch's own length plus the usual window) and keeps their seqs.
   */
  long[] appendAll(List<Item> items, long nowMs, int maxEvents, long maxAgeMs) {
    long[] seqs = new long[items.size()];
    int window = RETRY_WINDOW + items.size();
    for (int i = 0; i < seqs.length; i++) {
      Item it = items.get(i);
      seqs[i] = append(it.id(), it.json(), nowMs, maxEvents, maxAgeMs, window).seq();
    }
    return seqs;
  }

  /** One event of a batch append: its id and its stored JSON ({@link #json}). */
  record Item(String id, String json) implements Serializable {}

  /** What a batch append returns for one room: the epoch and each event's seq, in order. */
  record Stamps(String epoch, long[] seqs) implements Serializable {}

  String epoch() {
    return epoch;
  }

  private Stamp append(
      String id, String json, long nowMs, int maxEvents, long maxAgeMs, int retryWindow) {
    Iterator<Stored> recent = events.descendingIterator();
    for (int i = 0; i < retryWindow && recent.hasNext(); i++) {
      Stored s = recent.next();
      if (s.id.equals(id)) {
        return new Stamp(epoch, s.seq);
      }
    }
    last++;
    events.addLast(new Stored(last, nowMs, id, json));
    while (events.size() > maxEvents) {
      events.pollFirst();
    }
    long horizon = nowMs - maxAgeMs;
    while (!events.isEmpty() && events.peekFirst().atMs < horizon) {
      events.pollFirst();
    }
    return new Stamp(epoch, last);
  }

  /** Events above {@code since}, oldest first, at most {@code limit}; aged ones are skipped. */
  Slice read(long since, int limit, long nowMs, long maxAgeMs) {
    long horizon = nowMs - maxAgeMs;
    long oldest = last + 1;
    for (Stored s : events) {
      if (s.atMs >= horizon) {
        oldest = s.seq;
        break;
      }
    }
    List<Stored> newer = new ArrayList<>();
    Iterator<Stored> it = events.descendingIterator();
    while (it.hasNext()) {
      Stored s = it.next();
      if (s.seq <= since || s.seq < oldest) {
        break;
      }
      newer.add(s);
    }
    List<Stored> out = new ArrayList<>(Math.min(limit, newer.size()));
    for (int i = newer.size() - 1; i >= 0 && out.size() < limit; i--) {
      out.add(newer.get(i));
    }
    return new Slice(epoch, oldest, last, out);
  }

  /** A room without history: no epoch yet, seq 0. */
  static Slice empty() {
    return new Slice(null, 1, 0, List.of());
  }

  /** How an event is kept: its JSON without seq and epoch (the log knows both). */
  static String json(Envelope event) {
    return EventJson.unplaced(event);
  }

  static HistoryPage page(String room, Slice slice) {
    List<Envelope> events = new ArrayList<>(slice.events().size());
    for (Stored s : slice.events()) {
      events.add(Envelope.fromJson(new JsonObject(s.json())).withPosition(slice.epoch(), s.seq()));
    }
    return new HistoryPage(room, slice.epoch(), slice.oldest(), slice.last(), events);
  }
}

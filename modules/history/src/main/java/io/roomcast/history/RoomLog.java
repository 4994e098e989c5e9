package io.roomcast.history;

import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventJson;
import io.roomcast.core.history.HistoryPage;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One room's stream as the embedded stores keep it: the epoch, the last seq handed out, and the
 * retained events (contiguous seqs, oldest first). Not thread-safe: its holder locks it.
 */
final class RoomLog {
  /** How many recent events {@link #append} checks for a retried append of the same event. */
  private static final int RETRY_WINDOW = 8;

  /** One stored event: the envelope's JSON without seq and epoch, and when it was stored. */
  record Stored(long seq, long atMs, String id, String json) {}

  /** What a read returns across the cluster. */
  record Slice(String epoch, long oldest, long last, List<Stored> events) {}

  /** What an append returns: the event's place. */
  record Stamp(String epoch, long seq) {}

  private final String epoch;
  private long last;
  private final ArrayDeque<Stored> events = new ArrayDeque<>();

  RoomLog(String epoch) {
    this.epoch = epoch;
  }

  /** A copy of another member's log ({@link #copy}): same epoch, last seq and events. */
  RoomLog(Slice copy) {
    this.epoch = copy.epoch();
    this.last = copy.last();
    this.events.addAll(copy.events());
  }

  /** Everything this log holds, for another member to keep or take over. */
  Slice copy() {
    long oldest = events.isEmpty() ? last + 1 : events.peekFirst().seq;
    return new Slice(epoch, oldest, last, new ArrayList<>(events));
  }

  long last() {
    return last;
  }

  /**
   * Keeps an event the owner already placed, as a backup does: the next seq is taken, one already
   * held is a repeat and ignored; a later one means this copy missed events, and false is returned
   * (the owner then sends its whole log).
   */
  boolean keep(Stored s, int maxEvents, long maxAgeMs) {
    if (s.seq <= last) {
      return true;
    }
    if (s.seq != last + 1) {
      return false;
    }
    last = s.seq;
    events.addLast(s);
    trim(s.atMs, maxEvents, maxAgeMs);
    return true;
  }

  /**
   * Gives the event the next seq and keeps it. An event whose id is among the latest few is a
   * retried append (e.g. re-sent while ownership moved) and keeps its first seq.
   */
  Stamp append(String id, String json, long nowMs, int maxEvents, long maxAgeMs) {
    return new Stamp(epoch, place(id, json, nowMs, maxEvents, maxAgeMs, RETRY_WINDOW).seq);
  }

  /**
   * Places events in order, as {@link #append} each, answering with the stored events; a retry of
   * the whole batch finds each of its events among the latest (the batch's own length plus the
   * usual window) and keeps their seqs.
   */
  List<Stored> placeAll(List<Item> items, long nowMs, int maxEvents, long maxAgeMs) {
    List<Stored> stored = new ArrayList<>(items.size());
    int window = RETRY_WINDOW + items.size();
    for (Item it : items) {
      stored.add(place(it.id(), it.json(), nowMs, maxEvents, maxAgeMs, window));
    }
    return stored;
  }

  /** One event of a batch append: its id and its stored JSON ({@link #json}). */
  record Item(String id, String json) {}

  /** What a batch append returns for one room: the epoch and each event's seq, in order. */
  record Stamps(String epoch, long[] seqs) {}

  String epoch() {
    return epoch;
  }

  private Stored place(
      String id, String json, long nowMs, int maxEvents, long maxAgeMs, int retryWindow) {
    Iterator<Stored> recent = events.descendingIterator();
    for (int i = 0; i < retryWindow && recent.hasNext(); i++) {
      Stored s = recent.next();
      if (s.id.equals(id)) {
        return s;
      }
    }
    last++;
    Stored s = new Stored(last, nowMs, id, json);
    events.addLast(s);
    trim(nowMs, maxEvents, maxAgeMs);
    return s;
  }

  private void trim(long nowMs, int maxEvents, long maxAgeMs) {
    while (events.size() > maxEvents) {
      events.pollFirst();
    }
    long horizon = nowMs - maxAgeMs;
    while (!events.isEmpty() && events.peekFirst().atMs < horizon) {
      events.pollFirst();
    }
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

package io.roomcast.history;

import io.roomcast.history.RoomLog.Item;
import io.roomcast.history.RoomLog.Slice;
import io.roomcast.history.RoomLog.Stamps;
import io.roomcast.history.RoomLog.Stored;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * How room logs cross between history members: a stored event is {@code [seq, atMs, id, json]}, an
 * event to place is {@code [id, json]}, a log or a read is {@code {epoch, oldest, last, events}}.
 * Answers that are not a result: {@code {"moved": true}} (ask the new owner), {@code {"busy":
 * true}} (a hand-over is under way; ask again), {@code {"failed": message}}.
 */
final class LogWire {
  static final String ROOM = "room";
  static final String MOVED = "moved";
  static final String BUSY = "busy";
  static final String FAILED = "failed";
  static final String FULL = "full";
  private static final String EPOCH = "epoch";
  private static final String EVENTS = "events";
  private static final String ITEMS = "items";

  private LogWire() {}

  /** A part of a grouped append: the room and its events to place. */
  static JsonObject appendPart(String room, List<Item> items) {
    return new JsonObject().put(ROOM, room).put(ITEMS, items(items));
  }

  static List<Item> itemsOf(JsonObject appendPart) {
    return items(appendPart.getJsonArray(ITEMS));
  }

  /**
   * A part of a grouped copy to a backup: the owner's {@code latest} events, or (when null) its
   * whole log.
   */
  static JsonObject copyPart(String room, RoomLog log, List<Stored> latest) {
    JsonObject part = new JsonObject().put(ROOM, room).put(EPOCH, log.epoch());
    return latest == null ? part.put(FULL, slice(log.copy())) : part.put(EVENTS, stored(latest));
  }

  /** The whole log a copy part carries, or null when it carries the latest events only. */
  static Slice wholeOf(JsonObject copyPart) {
    JsonObject whole = copyPart.getJsonObject(FULL);
    return whole == null ? null : slice(whole);
  }

  static String epochOf(JsonObject copyPart) {
    return copyPart.getString(EPOCH);
  }

  static List<Stored> latestOf(JsonObject copyPart) {
    JsonArray events = copyPart.getJsonArray(EVENTS);
    return events == null ? List.of() : stored(events);
  }

  /** The copy a hand-over answer carries, or null for none (or "busy"). */
  static Slice copyOf(JsonObject handOverAnswer) {
    return handOverAnswer.containsKey(EPOCH) ? slice(handOverAnswer) : null;
  }

  private static JsonArray items(List<Item> items) {
    JsonArray out = new JsonArray(new ArrayList<>(items.size()));
    for (Item it : items) {
      out.add(new JsonArray().add(it.id()).add(it.json()));
    }
    return out;
  }

  private static List<Item> items(JsonArray in) {
    List<Item> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      JsonArray it = in.getJsonArray(i);
      out.add(new Item(it.getString(0), it.getString(1)));
    }
    return out;
  }

  private static JsonArray stored(List<Stored> events) {
    JsonArray out = new JsonArray(new ArrayList<>(events.size()));
    for (Stored s : events) {
      out.add(new JsonArray().add(s.seq()).add(s.atMs()).add(s.id()).add(s.json()));
    }
    return out;
  }

  private static List<Stored> stored(JsonArray in) {
    List<Stored> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      JsonArray s = in.getJsonArray(i);
      out.add(new Stored(s.getLong(0), s.getLong(1), s.getString(2), s.getString(3)));
    }
    return out;
  }

  static JsonObject slice(Slice slice) {
    return new JsonObject()
        .put(EPOCH, slice.epoch())
        .put("oldest", slice.oldest())
        .put("last", slice.last())
        .put(EVENTS, stored(slice.events()));
  }

  static Slice slice(JsonObject in) {
    return new Slice(
        in.getString(EPOCH),
        in.getLong("oldest"),
        in.getLong("last"),
        stored(in.getJsonArray(EVENTS)));
  }

  static JsonObject stamps(Stamps stamps) {
    return new JsonObject()
        .put(EPOCH, stamps.epoch())
        .put("seqs", new JsonArray(toList(stamps.seqs())));
  }

  static Stamps stamps(JsonObject in) {
    JsonArray seqs = in.getJsonArray("seqs");
    long[] out = new long[seqs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = seqs.getLong(i);
    }
    return new Stamps(in.getString(EPOCH), out);
  }

  static boolean is(JsonObject answer, String flag) {
    return answer.getBoolean(flag, false);
  }

  static JsonObject flag(String flag) {
    return new JsonObject().put(flag, true);
  }

  private static List<Object> toList(long[] values) {
    List<Object> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(v);
    }
    return out;
  }
}

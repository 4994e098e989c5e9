package io.roomcast.edge.sse;

import io.roomcast.core.Addresses;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.connection.Resumption;
import io.roomcast.edge.connection.RoomCursors;
import io.roomcast.edge.wire.EncodedEvent;
import io.roomcast.edge.wire.Outbox;
import io.roomcast.edge.wire.SseEncoding;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where one SSE stream starts in each of its rooms: what the client missed (or the position it
 * starts from), the live events held until then, and the position a final frame reports. Used on
 * the stream's context only.
 */
final class StreamStart {
  private final RoomCursors cursors = new RoomCursors();
  private final HistoryStore history;
  private final Map<String, StreamPosition> since;
  private final StreamCursor streamCursor;
  private final List<Resumption> resumed = new ArrayList<>();
  private final Map<String, StreamPosition> startedAt = new HashMap<>();

  StreamStart(HistoryStore history, Map<String, StreamPosition> since, StreamCursor streamCursor) {
    this.history = history;
    this.since = since;
    this.streamCursor = streamCursor;
  }

  /** Holds {@code room}'s live events until its resume point is known. */
  void hold(String room) {
    cursors.hold(room);
  }

  /** Whether a live event goes out now (false: held, or already covered by the resume). */
  boolean admit(EncodedEvent frame) {
    return cursors.admit(frame);
  }

  int waiting() {
    return cursors.waiting();
  }

  /** Reads what the client missed (or where it starts) once its live events are guaranteed. */
  Future<Resumption> resume(String room) {
    StreamPosition held = since.get(room);
    return Resumption.of(
            history, room, held == null ? null : held.seq(), held == null ? null : held.epoch())
        .onSuccess(
            r -> {
              resumed.add(r);
              startedAt.put(room, r.at());
              if (streamCursor != null) {
                streamCursor.start(room, held == null ? r.at() : held);
              }
            });
  }

  /**
   * The first frame: the reconnect delay, then the snapshots (one per room, none in the HTML
   * format), each carrying the position its room's events continue after.
   */
  Buffer firstFrame(List<JsonObject> snapshots, int reconnectDelayMs, boolean html) {
    Map<String, StreamPosition> at = new HashMap<>();
    for (Resumption r : resumed) {
      at.put(r.room(), r.at());
    }
    Buffer first = Buffer.buffer("retry: " + reconnectDelayMs + "\n");
    String cursor = streamCursor == null ? null : streamCursor.current();
    if (html) {
      if (cursor != null) {
        first.appendString("id: " + cursor + "\n");
      }
      return first.appendString("\n");
    }
    for (JsonObject s : snapshots) {
      StreamPosition p = at.get(s.getString("room"));
      if (p != null) {
        s.mergeIn(p.toJson());
      }
      Buffer frame = SseEncoding.event(null, "snapshot", s.encode());
      first.appendBuffer(cursor == null ? frame : SseEncoding.numbered(cursor, frame));
    }
    return first;
  }

  /**
   * After the first frame: each room's reset or missed events (to {@code event}), then the live
   * ones that waited (to {@code live}, with their address).
   */
  void sendResumed(Consumer<EncodedEvent> event, BiConsumer<String, EncodedEvent> live) {
    for (Resumption r : resumed) {
      for (EncodedEvent f : r.frames()) {
        event.accept(f);
      }
      for (EncodedEvent f : cursors.release(r.room(), r.at())) {
        live.accept(Addresses.room(r.room()), f);
      }
    }
    resumed.clear();
  }

  /** The last durable event written (or where the stream started): the client resumes there. */
  void position(JsonObject why, Outbox outbox) {
    if (streamCursor != null) {
      why.put("lastEventId", streamCursor.written(outbox::lastWritten));
      return;
    }
    for (Map.Entry<String, StreamPosition> e : startedAt.entrySet()) {
      EncodedEvent last = outbox.lastWritten(e.getKey());
      why.mergeIn(
          last == null
              ? e.getValue().toJson()
              : new StreamPosition(last.epoch(), last.seq()).toJson());
    }
  }
}

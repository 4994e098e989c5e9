package io.roomcast.edge.wire;

import io.roomcast.core.event.EventTypes;
import io.roomcast.edge.hub.EdgeMetrics;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A connection's bounded outbound queue. Frames go straight to the socket while it keeps up; when
 * its write queue is full they wait here and go out on drain — coalesced into one buffer where the
 * wire format allows (SSE). Past {@code limit} waiting frames the connection is overflowing and the
 * owner disconnects it: a slow client never holds unbounded memory or slows anyone else.
 */
public final class Outbox {
  /** The socket side: an HTTP response or a WebSocket. */
  public interface Sink {
    boolean writeQueueFull();

    void write(Buffer frame);

    void drainHandler(Handler<Void> handler);
  }

  private final Sink sink;
  private final int limit;
  private final boolean coalesce;
  private final Runnable onOverflow;
  private final EdgeMetrics metrics;
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();

  /** What each queued buffer carries, in step with {@code queue}; {@link #CONTROL} if no event. */
  private final ArrayDeque<EncodedEvent> tags = new ArrayDeque<>();

  private int ephemeralQueued;

  /** The last durable event of each room handed to the socket: where a client resumes. */
  private final Map<String, EncodedEvent> written = new HashMap<>();

  // the room written last stays out of the map until another room is written (per-delivery path)
  private String lastRoom;
  private EncodedEvent lastFrame;

  private static final EncodedEvent CONTROL = new EncodedEvent(new io.vertx.core.json.JsonObject());
  private boolean held;

  /**
   * @param held start holding frames until {@link #release()} (e.g. until a snapshot is written)
   */
  public Outbox(
      Sink sink,
      int limit,
      boolean coalesce,
      boolean held,
      EdgeMetrics metrics,
      Runnable onOverflow) {
    this.sink = sink;
    this.metrics = metrics;
    this.limit = limit;
    this.coalesce = coalesce;
    this.held = held;
    this.onOverflow = onOverflow;
  }

  /** A control frame (snapshot, ack, error...): never dropped. */
  public void send(Buffer frame) {
    send(frame, CONTROL);
  }

  /**
   * An event's encoding. When the queue is full, queued ephemeral events (typing, presence,
   * receipts: superseded by newer state) make room first; a durable event never goes silently, the
   * connection overflows instead and its owner closes it with its position.
   */
  public void send(Buffer frame, EncodedEvent event) {
    if (!held && queue.isEmpty() && !sink.writeQueueFull()) {
      sink.write(frame);
      wrote(event);
      return;
    }
    if (queue.size() >= limit && shedEphemeral(event)) {
      dropped(1, false);
      return;
    }
    if (queue.size() >= limit) {
      int lost = queue.size() + 1;
      queue.clear();
      tags.clear();
      ephemeralQueued = 0;
      dropped(lost, true);
      onOverflow.run();
      return;
    }
    queue.add(frame);
    tags.add(event);
    if (ephemeral(event)) {
      ephemeralQueued++;
    }
    if (!held && queue.size() == 1) {
      sink.drainHandler(v -> flush());
    }
  }

  /** Writes {@code first} ahead of anything held, then stops holding. */
  public void release(Buffer first) {
    held = false;
    sink.write(first);
    flush();
  }

  /** Drops whatever waits (the connection is ending). */
  public void clear() {
    dropped(queue.size(), false);
    queue.clear();
    tags.clear();
    ephemeralQueued = 0;
  }

  /** Counts discarded frames in the node's metrics (rare: overflow, or an end with a backlog). */
  private void dropped(int frames, boolean slow) {
    if (frames > 0 || slow) {
      metrics.dropped(frames, slow);
    }
  }

  private void flush() {
    if (held) {
      return;
    }
    if (coalesce && queue.size() > 1) {
      int size = 0;
      for (Buffer b : queue) {
        size += b.length();
      }
      Buffer all = Buffer.buffer(size);
      for (Buffer b; (b = queue.poll()) != null; ) {
        all.appendBuffer(b);
      }
      for (EncodedEvent f; (f = tags.poll()) != null; ) {
        wrote(f);
      }
      ephemeralQueued = 0;
      sink.write(all);
      return;
    }
    while (!queue.isEmpty() && !sink.writeQueueFull()) {
      sink.write(queue.poll());
      EncodedEvent f = tags.poll();
      if (ephemeral(f)) {
        ephemeralQueued--;
      }
      wrote(f);
    }
    if (!queue.isEmpty()) {
      sink.drainHandler(v -> flush());
    }
  }

  /** The last durable event of {@code room} written to the socket, or null. */
  public EncodedEvent lastWritten(String room) {
    return room.equals(lastRoom) ? lastFrame : written.get(room);
  }

  private void wrote(EncodedEvent event) {
    if (!event.durable() || event.room() == null) {
      return;
    }
    if (!event.room().equals(lastRoom)) {
      if (lastRoom != null) {
        written.put(lastRoom, lastFrame);
      }
      lastRoom = event.room();
    }
    lastFrame = event;
  }

  private static boolean ephemeral(EncodedEvent event) {
    return event.type() != null && EventTypes.isEphemeral(event.type());
  }

  /**
   * Makes room in a full queue by dropping its oldest ephemeral event; true when there is none and
   * the incoming event is ephemeral itself (then it is the one dropped).
   */
  private boolean shedEphemeral(EncodedEvent incoming) {
    if (ephemeralQueued > 0) {
      Iterator<Buffer> buffers = queue.iterator();
      Iterator<EncodedEvent> events = tags.iterator();
      while (events.hasNext()) {
        buffers.next();
        if (ephemeral(events.next())) {
          events.remove();
          buffers.remove();
          ephemeralQueued--;
          dropped(1, false);
          return false;
        }
      }
    }
    return ephemeral(incoming);
  }
}

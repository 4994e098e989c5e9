package io.roomcast.bridge;

import io.roomcast.bridge.hub.NodeHub;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

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
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private boolean held;

  /**
   * @param held start holding frames until {@link #release()} (e.g. until a snapshot is written)
   */
  public Outbox(Sink sink, int limit, boolean coalesce, boolean held, Runnable onOverflow) {
    this.sink = sink;
    this.limit = limit;
    this.coalesce = coalesce;
    this.held = held;
    this.onOverflow = onOverflow;
  }

  public void send(Buffer frame) {
    if (!held && queue.isEmpty() && !sink.writeQueueFull()) {
      sink.write(frame);
      return;
    }
    if (queue.size() >= limit) {
      int lost = queue.size() + 1;
      queue.clear();
      dropped(lost, true);
      onOverflow.run();
      return;
    }
    queue.add(frame);
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
  }

  /** Counts discarded frames in the node's metrics (rare: overflow, or an end with a backlog). */
  private static void dropped(int frames, boolean slow) {
    Context context = Vertx.currentContext();
    if (context != null && (frames > 0 || slow)) {
      NodeHub.of(context.owner()).metrics().dropped(frames, slow);
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
      sink.write(all);
      return;
    }
    while (!queue.isEmpty() && !sink.writeQueueFull()) {
      sink.write(queue.poll());
    }
    if (!queue.isEmpty()) {
      sink.drainHandler(v -> flush());
    }
  }
}

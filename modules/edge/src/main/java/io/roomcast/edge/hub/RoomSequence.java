package io.roomcast.edge.hub;

import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.wire.EncodedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * One room's order within a {@link RoomOrder}: the durable events held behind a gap, the reads that
 * fill it, and the resets when history cannot. {@code next} is the seq due next; 0 while unknown.
 * Runs on the order's context.
 */
final class RoomSequence {
  private static final Logger LOG = Logger.getLogger(RoomSequence.class.getName());
  private static final int MAX_PENDING = 10_000;
  private static final int MAX_FILL = 1000;
  private static final int FILL_ATTEMPTS = 3;

  private final RoomOrder order;
  private final String room;
  private final TreeMap<Long, EncodedEvent> pending = new TreeMap<>();
  private final Set<String> retired = new HashSet<>();
  private final List<EncodedEvent> early = new ArrayList<>();
  private String epoch;
  private long next;
  private long timer = -1;
  private boolean reading;
  private boolean catchUpAgain;
  private int failures;
  private boolean waitingForStart;

  RoomSequence(RoomOrder order, String room) {
    this.order = order;
    this.room = room;
  }

  /** Holds every event until {@link #started} says where the room stands. */
  void waitForStart() {
    waitingForStart = true;
  }

  void started(StreamPosition at) {
    waitingForStart = false;
    if (at != null) {
      epoch = at.epoch();
      next = at.seq() + 1;
    }
    List<EncodedEvent> arrived = new ArrayList<>(early);
    early.clear();
    arrived.forEach(this::offer);
  }

  void offer(EncodedEvent f) {
    if (waitingForStart) {
      early.add(f);
      return;
    }
    if (f.isReset()) {
      order.emit(f);
      return;
    }
    if (next == 0) {
      next = f.seq();
    }
    if (epoch == null) {
      epoch = f.epoch();
    } else if (f.epoch() != null && !f.epoch().equals(epoch)) {
      if (retired.contains(f.epoch())) {
        return; // a straggler from before the store lost continuity
      }
      newEpoch(f.epoch());
    }
    long seq = f.seq();
    if (seq < next || pending.containsKey(seq)) {
      return;
    }
    pending.put(seq, f);
    drain();
    if (pending.size() > MAX_PENDING) {
      fill();
    } else if (!pending.isEmpty()) {
      arm();
    }
  }

  private void drain() {
    while (!pending.isEmpty() && pending.firstKey() == next) {
      order.emit(pending.pollFirstEntry().getValue());
      next++;
    }
    if (pending.isEmpty()) {
      cancelTimer();
    }
  }

  private void arm() {
    if (timer < 0 && !reading) {
      timer =
          order
              .timers()
              .set(
                  order.holdMs(),
                  id -> {
                    timer = -1;
                    fill();
                  });
    }
  }

  /**
   * Reads everything after the last seq delivered up to the room's end: what this node may have
   * missed without noticing. Asked while a read is in flight, it runs once that one is done.
   */
  void catchUp() {
    if (waitingForStart || next == 0) {
      return; // the start reads the position itself; with none known there is nothing to compare
    }
    if (reading) {
      catchUpAgain = true;
      return;
    }
    read(MAX_FILL, true);
  }

  /** Reads the held gaps, up to the highest seq held: they are in history, or gone for good. */
  private void fill() {
    if (reading || pending.isEmpty()) {
      return;
    }
    read((int) Math.min(MAX_FILL, pending.lastKey() - next), false);
  }

  private void read(int count, boolean toEnd) {
    cancelTimer();
    reading = true;
    order
        .onContext(order.store().read(room, next - 1, count))
        .onComplete(
            ar -> {
              reading = false;
              if (order.closed()) {
                return;
              }
              if (ar.succeeded()) {
                failures = 0;
                filled(ar.result());
                catchUpAgain |= toEnd && ar.result().more();
              } else if (!pending.isEmpty() && ++failures >= FILL_ATTEMPTS) {
                LOG.warning(
                    "room " + room + ": history unreachable, skipping to seq " + firstPending());
                failures = 0;
                skipTo(firstPending(), "unavailable");
              }
              drain();
              if (catchUpAgain) {
                catchUpAgain = false;
                catchUp();
              } else if (!pending.isEmpty()) {
                arm();
              }
            });
  }

  private void filled(HistoryPage page) {
    if (epoch == null) {
      epoch = page.epoch(); // nothing seen yet: history tells where the room stands
    } else if (page.epoch() != null && !page.epoch().equals(epoch)) {
      newEpoch(page.epoch());
      return;
    }
    if (page.oldest() > next && (!pending.isEmpty() || page.last() >= next)) {
      // aged out of history before it could be read: say so rather than skip silently
      skipTo(
          pending.isEmpty() ? page.oldest() : Math.min(page.oldest(), pending.firstKey()),
          "expired");
    }
    for (Envelope e : page.events()) {
      if (e.seq() == next) {
        order.emit(new EncodedEvent(e.toJson()));
        next++;
      }
    }
    pending.headMap(next).clear();
  }

  private void skipTo(long seq, String reason) {
    if (seq > next) {
      order.emit(EncodedEvent.reset(room, epoch, seq - 1, reason));
      next = seq;
    }
  }

  /** The store lost continuity: tell subscribers, then follow the new epoch from its start. */
  private void newEpoch(String fresh) {
    retired.add(epoch);
    epoch = fresh;
    next = 1;
    pending.clear();
    order.emit(EncodedEvent.reset(room, fresh, 0, "epoch"));
  }

  private long firstPending() {
    return pending.isEmpty() ? next : pending.firstKey();
  }

  /** Evicted from a busy namespace topic: deliver what waits, in order. */
  void flush() {
    cancelTimer();
    pending.values().forEach(order::emit);
    pending.clear();
  }

  void cancelTimer() {
    if (timer >= 0) {
      order.timers().cancel(timer);
      timer = -1;
    }
  }
}

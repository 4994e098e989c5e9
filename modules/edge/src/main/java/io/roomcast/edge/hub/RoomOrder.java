package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Puts a topic's durable events back in seq order before they fan out, once per node (README
 * "History and resume"). Publishers on different nodes take their seqs from the room's history and
 * then publish, so seq 44 may arrive before seq 43; a gap is held for {@code holdMillis}, then
 * filled from history, which always has it (a seq exists only once it is stored). Repeated seqs are
 * dropped; ephemeral events and pushes pass straight through.
 *
 * <p>A room topic waits from its creation until it has read the room's position, which {@link
 * #start} does once its bus registration is complete (from then on the cluster registry names this
 * node); frames that arrive earlier are ordered from that position. A publisher whose node still
 * holds an older view of the room's registrations may skip this node for a while after that: Vert.x
 * refreshes a node's cached view from an asynchronous, throttled registry event, and a lookup in
 * flight answers the publishes queued behind it with what it read. A skipped event is noticed as a
 * gap when a later one arrives, but a skipped last event would never be; so the topic reads history
 * again at fixed points after its start ({@link #SETTLE_MS}), and whenever {@link #catchUpSoon}
 * asks (a member left). A catch-up asked while a read is in flight runs when that read is done.
 * Every read covers all that is missing: a gap fill up to the highest seq held, a catch-up up to
 * the room's last seq. A namespace topic (wildcard) starts each room at the first event it sees of
 * it. Runs on the topic's context.
 */
final class RoomOrder {
  private static final Logger LOG = Logger.getLogger(RoomOrder.class.getName());
  private static final int MAX_ROOMS = 10_000;
  private static final int MAX_PENDING = 10_000;
  private static final int MAX_FILL = 1000;
  private static final int FILL_ATTEMPTS = 3;

  /**
   * When a room topic reads history again after its start (ms after it): past the slowest registry
   * lookups and registration events a loaded node sees, so a publisher that skipped this node has
   * caught up with its registration by the last one.
   */
  static final long[] SETTLE_MS = {100, 500, 2_000, 5_000};

  private final Context context;
  private final String room;
  private final Consumer<EncodedEvent> out;
  private final HistoryStore store;
  private final long holdMs;
  private final Timers timers;
  private final List<Long> settling = new ArrayList<>();
  private boolean closed;
  private final Map<String, Sequence> rooms =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sequence> eldest) {
          if (size() <= MAX_ROOMS) {
            return false;
          }
          eldest.getValue().flush();
          return true;
        }
      };

  /**
   * @param address the topic's bus address; a room address starts from the room's position
   */
  RoomOrder(
      Context context,
      String address,
      HistoryStore store,
      long holdMs,
      Timers timers,
      Consumer<EncodedEvent> out) {
    this.context = context;
    this.room = Addresses.roomOf(address);
    this.out = out;
    this.store = store;
    this.holdMs = holdMs;
    this.timers = timers;
    if (room != null) {
      sequence(room).waitingForStart = true;
    }
  }

  /**
   * Reads where a room topic starts (call on the topic's context once its bus registration is
   * complete); frames that arrived before wait for it. Then schedules the settle catch-ups.
   */
  Future<Void> start() {
    if (room == null) {
      return Future.succeededFuture();
    }
    Sequence s = sequence(room);
    return onContext(store.position(room))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.warning("room " + room + ": no start position (" + ar.cause() + ")");
              }
              s.started(ar.succeeded() ? ar.result() : null);
              settle();
            })
        .<Void>mapEmpty()
        .otherwise((Void) null);
  }

  private void settle() {
    for (long delay : SETTLE_MS) {
      settling.add(
          timers.set(
              delay,
              id -> {
                settling.remove(id);
                catchUpSoon();
              }));
    }
  }

  void offer(EncodedEvent frame) {
    if (!frame.durable() || frame.room() == null) {
      out.accept(frame);
    } else {
      sequence(frame.room()).offer(frame);
    }
  }

  /** The topic is gone: stop timers, drop what waits. */
  void close() {
    context.runOnContext(
        v -> {
          closed = true;
          settling.forEach(timers::cancel);
          settling.clear();
          for (Sequence s : rooms.values()) {
            s.cancelTimer();
          }
          rooms.clear();
        });
  }

  /**
   * Reads what this node may have missed and delivers it in order: bus messages are lost when a
   * member leaves (in flight to or from it, or published while the survivors re-register their
   * consumers), and a room with no later event would never notice the gap. Any thread.
   */
  void catchUpSoon() {
    context.runOnContext(
        v -> {
          if (closed) {
            return;
          }
          for (Sequence s : new ArrayList<>(rooms.values())) {
            s.catchUp();
          }
        });
  }

  private Sequence sequence(String roomId) {
    return rooms.computeIfAbsent(roomId, Sequence::new);
  }

  /** Store answers may complete elsewhere; ordering state lives on the topic's context. */
  private <T> Future<T> onContext(Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(
        ar -> {
          if (Vertx.currentContext() == context) {
            p.handle(ar);
          } else {
            context.runOnContext(v -> p.handle(ar));
          }
        });
    return p.future();
  }

  /** One room's order. {@code next} is the seq due next; 0 while unknown. */
  private final class Sequence {
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

    Sequence(String room) {
      this.room = room;
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
        out.accept(f);
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
        out.accept(pending.pollFirstEntry().getValue());
        next++;
      }
      if (pending.isEmpty()) {
        cancelTimer();
      }
    }

    private void arm() {
      if (timer < 0 && !reading) {
        timer =
            timers.set(
                holdMs,
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
      onContext(store.read(room, next - 1, count))
          .onComplete(
              ar -> {
                reading = false;
                if (closed) {
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
          out.accept(new EncodedEvent(e.toJson()));
          next++;
        }
      }
      pending.headMap(next).clear();
    }

    private void skipTo(long seq, String reason) {
      if (seq > next) {
        out.accept(EncodedEvent.reset(room, epoch, seq - 1, reason));
        next = seq;
      }
    }

    /** The store lost continuity: tell subscribers, then follow the new epoch from its start. */
    private void newEpoch(String fresh) {
      retired.add(epoch);
      epoch = fresh;
      next = 1;
      pending.clear();
      out.accept(EncodedEvent.reset(room, fresh, 0, "epoch"));
    }

    private long firstPending() {
      return pending.isEmpty() ? next : pending.firstKey();
    }

    /** Evicted from a busy namespace topic: deliver what waits, in order. */
    void flush() {
      cancelTimer();
      pending.values().forEach(out);
      pending.clear();
    }

    void cancelTimer() {
      if (timer >= 0) {
        timers.cancel(timer);
        timer = -1;
      }
    }
  }
}

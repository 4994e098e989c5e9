package io.roomcast.bridge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.history.HistoryStores;
import io.roomcast.core.history.StreamPosition;
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
 * <p>A room topic starts at the room's position when its bus consumer is registered; a namespace
 * topic (wildcard) starts each room at the first event it sees of it. Runs on the topic's context.
 */
final class RoomOrder {
  private static final Logger LOG = Logger.getLogger(RoomOrder.class.getName());
  private static final int MAX_ROOMS = 10_000;
  private static final int MAX_PENDING = 10_000;
  private static final int MAX_FILL = 1000;
  private static final int FILL_ATTEMPTS = 3;

  private final Vertx vertx;
  private final Context context;
  private final String room;
  private final Consumer<Frame> out;
  private final long holdMs;
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
  RoomOrder(Vertx vertx, Context context, String address, Consumer<Frame> out) {
    this.vertx = vertx;
    this.context = context;
    this.room = Addresses.roomOf(address);
    this.out = out;
    this.holdMs = HistoryStores.config(vertx).holdMillis();
  }

  /** Reads where a room topic starts; frames that arrive meanwhile wait for it. */
  Future<Void> start() {
    if (room == null) {
      return Future.succeededFuture();
    }
    Sequence s = sequence(room);
    s.waitingForStart = true;
    return onContext(store().position(room))
        .onComplete(ar -> s.started(ar.succeeded() ? ar.result() : null))
        .<Void>mapEmpty()
        .otherwise((Void) null);
  }

  void offer(Frame frame) {
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
          for (Sequence s : new ArrayList<>(rooms.values())) {
            s.catchUp();
          }
        });
  }

  private Sequence sequence(String roomId) {
    return rooms.computeIfAbsent(roomId, Sequence::new);
  }

  private HistoryStore store() {
    return HistoryStores.of(vertx);
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
    private final TreeMap<Long, Frame> pending = new TreeMap<>();
    private final Set<String> retired = new HashSet<>();
    private final List<Frame> early = new ArrayList<>();
    private String epoch;
    private long next;
    private long timer = -1;
    private boolean filling;
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
      List<Frame> arrived = new ArrayList<>(early);
      early.clear();
      arrived.forEach(this::offer);
    }

    void offer(Frame f) {
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
        failures = 0;
      }
    }

    private void arm() {
      if (timer < 0 && !filling) {
        timer =
            vertx.setTimer(
                holdMs,
                id -> {
                  timer = -1;
                  fill();
                });
      }
    }

    /** Reads the missing seqs from history: they are there, or gone for good. */
    void catchUp() {
      if (waitingForStart || filling || next == 0) {
        return;
      }
      cancelTimer();
      filling = true;
      onContext(store().read(room, next - 1, MAX_FILL))
          .onComplete(
              ar -> {
                filling = false;
                if (ar.succeeded()) {
                  filled(ar.result());
                }
                drain();
                if (!pending.isEmpty()) {
                  arm();
                }
              });
    }

    private void fill() {
      if (filling || pending.isEmpty()) {
        return;
      }
      cancelTimer();
      filling = true;
      long from = next - 1;
      int count = (int) Math.min(MAX_FILL, pending.firstKey() - next);
      onContext(store().read(room, from, count))
          .onComplete(
              ar -> {
                filling = false;
                if (ar.succeeded()) {
                  filled(ar.result());
                } else if (++failures >= FILL_ATTEMPTS) {
                  LOG.warning(
                      "room " + room + ": history unreachable, skipping to seq " + firstPending());
                  skipTo(firstPending(), "unavailable");
                }
                drain();
                if (!pending.isEmpty()) {
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
      for (Envelope e : page.events()) {
        if (e.seq() == next) {
          out.accept(new Frame(e.toJson()));
          next++;
        }
      }
      pending.headMap(next).clear();
      if (!pending.isEmpty() && page.oldest() > next) {
        // aged out of history before it could be filled: say so rather than skip silently
        skipTo(Math.min(page.oldest(), pending.firstKey()), "expired");
      }
    }

    private void skipTo(long seq, String reason) {
      if (seq > next) {
        out.accept(Frame.reset(room, epoch, seq - 1, reason));
        next = seq;
      }
    }

    /** The store lost continuity: tell subscribers, then follow the new epoch from its start. */
    private void newEpoch(String fresh) {
      retired.add(epoch);
      epoch = fresh;
      next = 1;
      pending.clear();
      out.accept(Frame.reset(room, fresh, 0, "epoch"));
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
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}

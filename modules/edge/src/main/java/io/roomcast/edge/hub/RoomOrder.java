package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final Map<String, RoomSequence> rooms =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RoomSequence> eldest) {
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
      sequence(room).waitForStart();
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
    RoomSequence s = sequence(room);
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
          for (RoomSequence s : rooms.values()) {
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
          for (RoomSequence s : new ArrayList<>(rooms.values())) {
            s.catchUp();
          }
        });
  }

  private RoomSequence sequence(String roomId) {
    return rooms.computeIfAbsent(roomId, r -> new RoomSequence(this, r));
  }

  /** Store answers may complete elsewhere; ordering state lives on the topic's context. */
  <T> Future<T> onContext(Future<T> f) {
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

  void emit(EncodedEvent event) {
    out.accept(event);
  }

  boolean closed() {
    return closed;
  }

  HistoryStore store() {
    return store;
  }

  long holdMs() {
    return holdMs;
  }

  Timers timers() {
    return timers;
  }
}

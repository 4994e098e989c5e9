package io.roomcast.edge.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.edge.wire.EncodedEvent;
import io.roomcast.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room topic delivers every seq after its start position once, in order, whatever reaches it and
 * whenever: frames before its start, gaps, a last event the bus never brought, a catch-up asked
 * while history is being read. History answers and timers are driven by hand, so each race is
 * played out exactly.
 */
class RoomOrderCatchUpTest {
  private static final String EPOCH = "e1";
  private static final long HOLD_MS = 200;

  private Vertx vertx;
  private Context context;
  private final FakeStore store = new FakeStore();
  private final ManualTimers timers = new ManualTimers();
  private final List<Long> delivered = new ArrayList<>();
  private final List<String> types = new ArrayList<>();
  private RoomOrder order;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    on(
        () ->
            order =
                new RoomOrder(
                    context,
                    Addresses.room("r"),
                    store,
                    HOLD_MS,
                    timers,
                    f -> {
                      delivered.add(f.seq());
                      types.add(f.type());
                    }));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void frames_that_arrive_before_the_start_position_is_read_are_ordered_from_it() {
    store.append(1);
    on(
        () -> {
          offer(3); // the consumer is registered locally before its cluster registration completes
          offer(2);
          order.start();
          store.answer(); // position: seq 1
          offer(4);
        });
    assertEquals(List.of(2L, 3L, 4L), delivered);
  }

  @Test
  void a_last_event_that_never_arrives_is_read_from_history_at_the_first_settle_point() {
    startAt(0);
    store.append(1, 2);
    on(() -> offer(1)); // seq 2's publisher did not know of this node yet: nothing reveals the gap
    assertEquals(List.of(1L), delivered);
    on(() -> timers.fire(RoomOrder.SETTLE_MS[0]));
    on(store::answer);
    assertEquals(List.of(1L, 2L), delivered);
  }

  @Test
  void every_settle_point_reads_history_again() {
    startAt(0);
    for (long at : RoomOrder.SETTLE_MS) {
      long seq = delivered.size() + 1;
      store.append(seq);
      on(() -> timers.fire(at));
      on(store::answer);
      assertEquals(seq, delivered.size(), "delivered after the settle point at " + at + " ms");
    }
  }

  @Test
  void a_catch_up_asked_while_a_gap_is_being_filled_runs_once_the_fill_is_done() {
    startAt(0);
    store.append(1, 2, 3);
    on(
        () -> {
          offer(1);
          offer(3);
          timers.fire(HOLD_MS); // the fill of seq 2 is in flight
          store.append(4); // seq 4 skipped this node
          order.catchUpSoon(); // a member left
        });
    on(store::answer); // the fill
    assertEquals(List.of(1L, 2L, 3L), delivered);
    on(store::answer); // the catch-up it deferred
    assertEquals(List.of(1L, 2L, 3L, 4L), delivered);
  }

  @Test
  void one_fill_reads_every_gap_up_to_the_highest_seq_held() {
    startAt(0);
    store.append(1, 2, 3, 4, 5, 6);
    on(
        () -> {
          offer(1);
          offer(3);
          offer(6);
          timers.fire(HOLD_MS);
          store.answer();
        });
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), delivered);
    assertEquals(0, timers.armed(HOLD_MS), "nothing left to hold");
  }

  @Test
  void events_arriving_out_of_order_across_hold_timers_go_out_in_order_without_a_read() {
    startAt(0);
    on(
        () -> {
          offer(2);
          offer(4);
          offer(1);
          offer(3);
          offer(6);
          offer(5);
        });
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), delivered);
    assertEquals(0, timers.armed(HOLD_MS));
    assertEquals(0, store.reads);
  }

  @Test
  void a_fill_answered_after_its_seqs_arrived_live_delivers_each_seq_once() {
    startAt(0);
    store.append(1, 2, 3, 4);
    on(
        () -> {
          offer(1);
          offer(4);
          timers.fire(HOLD_MS); // reads 2 and 3
          offer(3);
          offer(2);
          store.answer();
        });
    assertEquals(List.of(1L, 2L, 3L, 4L), delivered);
  }

  @Test
  void a_catch_up_over_a_long_gap_reads_page_after_page_until_the_rooms_end() {
    startAt(0);
    long last = 2_500;
    for (long seq = 1; seq <= last; seq++) {
      store.append(seq);
    }
    on(order::catchUpSoon);
    on(store::answer);
    on(store::answer);
    on(store::answer);
    assertEquals(last, delivered.size());
    assertEquals(last, delivered.get(delivered.size() - 1));
  }

  @Test
  void events_gone_from_history_before_a_catch_up_are_announced_by_a_reset() {
    startAt(0);
    store.append(1, 2, 3, 4);
    store.expireUpTo(2);
    on(order::catchUpSoon);
    on(store::answer);
    assertEquals(List.of("reset", "message", "message"), types);
    assertEquals(List.of(2L, 3L, 4L), delivered);
  }

  @Test
  void a_closed_order_cancels_its_settle_timers() {
    startAt(0);
    assertTrue(timers.armed(RoomOrder.SETTLE_MS[0]) > 0);
    on(order::close);
    assertEquals(0, timers.armed());
  }

  private void startAt(long seq) {
    store.positionOverride = seq;
    on(
        () -> {
          order.start();
          store.answer();
        });
    store.positionOverride = null;
  }

  private void offer(long seq) {
    order.offer(new EncodedEvent(envelope(seq).toJson()));
  }

  private static Envelope envelope(long seq) {
    JsonObject e =
        new JsonObject()
            .put("id", "event-" + seq)
            .put("room", "r")
            .put("type", "message")
            .put("data", new JsonObject())
            .put("ts", "2026-01-01T00:00:00Z");
    return Envelope.fromJson(e).withPosition(EPOCH, seq);
  }

  /** Runs {@code body} on the order's context and waits for it and what it queued there. */
  private void on(Runnable body) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          body.run();
          context.runOnContext(w -> done.complete());
        });
    Await.result(done.future());
  }

  /** History of room r whose reads wait until the test answers them (on the order's context). */
  private static final class FakeStore implements HistoryStore {
    @Override
    public Future<Void> delete(String room) {
      return Future.succeededFuture();
    }

    private final TreeMap<Long, Envelope> events = new TreeMap<>();
    private final List<Runnable> waiting = new ArrayList<>();
    private long oldest = 1;
    private long last;
    private int reads;
    private Long positionOverride;

    void append(long... seqs) {
      for (long seq : seqs) {
        events.put(seq, envelope(seq));
        last = Math.max(last, seq);
      }
    }

    void expireUpTo(long seq) {
      events.headMap(seq, true).clear();
      oldest = seq + 1;
    }

    @Override
    public Future<Envelope> append(Envelope event) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<HistoryPage> read(String room, long since, int limit) {
      Promise<HistoryPage> answer = Promise.promise();
      boolean position = limit == 0;
      if (!position) {
        reads++;
      }
      waiting.add(
          () -> {
            long at = position && positionOverride != null ? positionOverride : last;
            List<Envelope> page = new ArrayList<>();
            for (Map.Entry<Long, Envelope> e : events.tailMap(since, false).entrySet()) {
              if (page.size() == limit || e.getKey() > at) {
                break;
              }
              page.add(e.getValue());
            }
            String epoch = at == 0 ? null : EPOCH;
            answer.complete(new HistoryPage(room, epoch, Math.min(oldest, at + 1), at, page));
          });
      return answer.future();
    }

    /** Answers the reads asked so far, in order. */
    void answer() {
      List<Runnable> now = new ArrayList<>(waiting);
      waiting.clear();
      now.forEach(Runnable::run);
    }
  }

  /** Timers that fire when the test says, by their delay. */
  private static final class ManualTimers implements Timers {
    private final Map<Long, Long> delays = new TreeMap<>();
    private final Map<Long, Handler<Long>> handlers = new TreeMap<>();
    private long ids;

    @Override
    public long set(long delayMs, Handler<Long> handler) {
      long id = ++ids;
      delays.put(id, delayMs);
      handlers.put(id, handler);
      return id;
    }

    @Override
    public void cancel(long id) {
      delays.remove(id);
      handlers.remove(id);
    }

    void fire(long delayMs) {
      for (Long id : new ArrayList<>(delays.keySet())) {
        if (delays.get(id) == delayMs) {
          delays.remove(id);
          handlers.remove(id).handle(id);
        }
      }
    }

    int armed(long delayMs) {
      return (int) delays.values().stream().filter(d -> d == delayMs).count();
    }

    int armed() {
      return delays.size();
    }
  }
}

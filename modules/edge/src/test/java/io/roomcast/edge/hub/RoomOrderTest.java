package io.roomcast.edge.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.Addresses;
import io.roomcast.core.config.HistoryConfig;
import io.roomcast.edge.wire.EncodedEvent;
import io.roomcast.history.LocalHistoryStore;
import io.roomcast.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room's durable events leave the node once per seq: a repeat (the Redis relay publishing an
 * event again after a takeover, with the same id and seq) is dropped whether the first copy was
 * already delivered or still waits for a gap.
 */
class RoomOrderTest {
  private Vertx vertx;
  private Context context;
  private final List<Long> delivered = new CopyOnWriteArrayList<>();
  private RoomOrder order;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    Await.result(
        onContext(
            v -> {
              HistoryConfig history = HistoryConfig.defaults();
              order =
                  new RoomOrder(
                      context,
                      Addresses.room("r"),
                      new LocalHistoryStore(history),
                      history.holdMillis(),
                      Timers.on(vertx),
                      f -> delivered.add(f.seq()));
              order.start();
            }));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void a_repeated_seq_is_delivered_once() {
    Await.result(onContext(v -> List.of(1L, 2L, 1L, 2L, 3L, 3L).forEach(this::offer)));
    assertEquals(List.of(1L, 2L, 3L), delivered);
  }

  @Test
  void a_repeat_of_a_seq_held_behind_a_gap_is_delivered_once() {
    Await.result(onContext(v -> List.of(1L, 3L, 3L, 2L, 3L).forEach(this::offer)));
    assertEquals(List.of(1L, 2L, 3L), delivered);
  }

  private void offer(long seq) {
    JsonObject e =
        new JsonObject()
            .put("id", "event-" + seq)
            .put("room", "r")
            .put("type", "message")
            .put("data", new JsonObject())
            .put("ts", "2026-01-01T00:00:00Z")
            .put("seq", seq)
            .put("epoch", "e1");
    order.offer(new EncodedEvent(e));
  }

  /** Runs {@code body} on the order's context and waits for it (and what it queued there). */
  private Future<Void> onContext(Consumer<Void> body) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          body.accept(null);
          context.runOnContext(w -> done.complete());
        });
    return done.future();
  }
}

package io.roomcast.edge.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.edge.wire.EncodedEvent;
import io.roomcast.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room topic's subscribers get its events in the order the topic puts them in, whichever context
 * emits them: live events come on the fresh duplicate context Vert.x dispatches each bus message
 * on, history reads answer on the topic's own context, and a subscriber on that context must not
 * see a seq read from history overtake a live one handed to it just before.
 */
class TopicFanOutOrderTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String ROOM = "fan-out";

  private Vertx vertx;
  private NodeHub hub;
  private final HeldStore store = new HeldStore();
  private final List<Long> delivered = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    hub =
        new NodeHub(
            vertx,
            store,
            200,
            Timers.on(vertx),
            NamespaceDirectory.of(vertx, Departures.listen(vertx)),
            new EdgeMetrics(new SimpleMeterRegistry()));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void a_seq_read_from_history_does_not_overtake_a_live_seq_queued_for_the_same_subscriber() {
    // an HTTP request's context, as SSE streams subscribe on
    Context request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    Subscriber subscriber =
        new Subscriber() {
          @Override
          public Context context() {
            return request;
          }

          @Override
          public void deliver(String address, EncodedEvent frame) {
            if (frame.durable()) {
              delivered.add(frame.seq());
            }
          }
        };
    Promise<Void> subscribed = Promise.promise();
    request.runOnContext(
        v -> hub.subscribe(Addresses.room(ROOM), subscriber).onComplete(subscribed));
    Await.until(WAIT, "the start position is asked", () -> store.waiting.size() == 1);
    store.answer(); // the room is at seq 0
    Await.result(subscribed.future());
    Await.until(WAIT, "a settle catch-up is asked", () -> store.waiting.size() == 1);

    store.append(1, 2); // seq 2's publisher has not learned of this node yet
    request.runOnContext(
        v -> {
          vertx.eventBus().publish(Addresses.room(ROOM), store.event(1).toJson());
          // the catch-up answers after seq 1 was handed to the topic, before it reached the socket
          request.runOnContext(w -> store.answer());
        });

    Await.until(WAIT, "both seqs delivered", () -> delivered.size() >= 2);
    assertEquals(List.of(1L, 2L), delivered);
  }

  /** Room history whose reads wait until the test answers them. */
  private static final class HeldStore implements HistoryStore {
    @Override
    public Future<Void> delete(String room) {
      return Future.succeededFuture();
    }

    private final List<Envelope> events = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    void append(long... seqs) {
      for (long seq : seqs) {
        events.add(event(seq));
      }
    }

    Envelope event(long seq) {
      JsonObject e =
          new JsonObject()
              .put("id", "event-" + seq)
              .put("room", ROOM)
              .put("type", "message")
              .put("data", new JsonObject())
              .put("ts", "2026-01-01T00:00:00Z");
      return Envelope.fromJson(e).withPosition("e1", seq);
    }

    @Override
    public Future<Envelope> append(Envelope event) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<HistoryPage> read(String room, long since, int limit) {
      Promise<HistoryPage> answer = Promise.promise();
      waiting.add(
          () -> {
            List<Envelope> page = new ArrayList<>();
            for (Envelope e : events) {
              if (e.seq() > since && page.size() < limit) {
                page.add(e);
              }
            }
            long last = events.size();
            answer.complete(new HistoryPage(room, last == 0 ? null : "e1", 1, last, page));
          });
      return answer.future();
    }

    /** Answers the reads asked so far, on the calling thread. */
    void answer() {
      for (Runnable r; (r = waiting.poll()) != null; ) {
        r.run();
      }
    }
  }
}

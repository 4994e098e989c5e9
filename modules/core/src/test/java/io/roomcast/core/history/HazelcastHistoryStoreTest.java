package io.roomcast.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roomcast.core.config.RoomcastConfig.HistoryConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventIds;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded history on a real Hazelcast member. */
class HazelcastHistoryStoreTest {
  private TestCluster cluster;
  private Vertx vertx;
  private HazelcastHistoryStore store;

  @BeforeEach
  void start() {
    cluster = new TestCluster();
    vertx = cluster.member();
    store = new HazelcastHistoryStore(vertx, HistoryConfig.defaults());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  /**
   * Every caller gets its answer on its own context, whichever context used the store first (a
   * detour through that one would cost a cross-thread hand-off per publish, and run the caller's
   * code on another event loop).
   */
  @Test
  void answers_come_back_on_each_callers_context() {
    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    assertNotSame(first, second);

    Envelope a = Await.result(on(first, () -> store.append(event())));
    Envelope b = Await.result(on(second, () -> store.append(event())));
    HistoryPage page = Await.result(on(second, () -> store.read("r", 0, 10)));

    assertEquals(a.seq() + 1, b.seq());
    assertEquals(2, page.events().size());
  }

  /** Runs {@code work} on {@code context}; fails unless its answer arrives there too. */
  private static <T> Future<T> on(Context context, Supplier<Future<T>> work) {
    Promise<T> answer = Promise.promise();
    context.runOnContext(
        v ->
            work.get()
                .onComplete(
                    ar -> {
                      try {
                        assertSame(context, Vertx.currentContext(), "answered on another context");
                        answer.handle(ar);
                      } catch (AssertionError wrongContext) {
                        answer.fail(wrongContext);
                      }
                    }));
    return answer.future();
  }

  private static Envelope event() {
    return new Envelope(
        EventIds.next(), "r", "message", "u", null, new JsonObject(), Instant.now(), null);
  }
}

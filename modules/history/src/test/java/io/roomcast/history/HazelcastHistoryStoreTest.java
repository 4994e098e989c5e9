package io.roomcast.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventIds;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.testing.Await;
import io.roomcast.testing.Serialization;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Appends and reads cross the network to each room's owner and its backup (field-by-field
   * serializers on the way): whatever member a room lives on, events come back whole and in order,
   * on every member.
   */
  @Test
  void events_stored_through_one_member_read_back_whole_through_another() {
    Vertx other = cluster.member();
    HazelcastHistoryStore there = new HazelcastHistoryStore(other, HistoryConfig.defaults());
    Context here = vertx.getOrCreateContext();
    List<Envelope> sent = new ArrayList<>();
    for (int room = 0; room < 12; room++) {
      for (int n = 0; n < 3; n++) {
        Envelope e = event("room-" + room, new JsonObject().put("n", n).put("text", "é ✓ " + n));
        Envelope stored = Await.result(on(here, () -> store.append(e)));
        assertEquals(n + 1, stored.seq());
        sent.add(stored);
      }
    }
    Context elsewhere = other.getOrCreateContext();
    for (int room = 0; room < 12; room++) {
      String id = "room-" + room;
      HistoryPage page = Await.result(on(elsewhere, () -> there.read(id, 1, 10)));
      List<Envelope> expected = sent.stream().filter(e -> e.room().equals(id)).skip(1).toList();
      assertEquals(3, page.last());
      assertEquals(expected.get(0).epoch(), page.epoch());
      assertEquals(
          expected.stream().map(Envelope::toJson).toList(),
          page.events().stream().map(Envelope::toJson).toList());
    }
  }

  /** What a publish sends through Hazelcast goes field by field, and comes back equal. */
  @Test
  void history_operations_use_their_own_serializers() {
    Serialization.assertFieldByField(
        vertx,
        7100,
        List.of(
            new HazelcastHistoryStore.Append("ep", "id-1", "{\"a\":\"é\"}", 1L, 100, 3600_000L),
            new RoomLog.Stamp("ep", 7),
            new HazelcastHistoryStore.Read(3, 50, 2L, 3600_000L),
            new RoomLog.Slice("ep", 2, 3, List.of(new RoomLog.Stored(3, 4L, "id-3", "{}")))));
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
    return event("r", new JsonObject());
  }

  private static Envelope event(String room, JsonObject data) {
    return new Envelope(EventIds.next(), room, "message", "u", null, data, Instant.now(), null);
  }
}

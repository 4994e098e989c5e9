package io.roomcast.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventIds;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.testing.Await;
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

/** The embedded history on real Hazelcast members, their logs owned and copied over the bus. */
class ReplicatedHistoryStoreTest {
  private TestCluster cluster;
  private Vertx vertx;
  private ReplicatedHistoryStore store;

  @BeforeEach
  void start() {
    cluster = new TestCluster();
    vertx = cluster.member();
    store = started(vertx);
  }

  /** A member's one store, answering the others (as the history verticle starts it). */
  private static ReplicatedHistoryStore started(Vertx member) {
    ReplicatedHistoryStore s = new ReplicatedHistoryStore(member, HistoryConfig.defaults());
    Await.result(on(member.getOrCreateContext(), s::start));
    return s;
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
   * Appends and reads cross the network to each room's owner, which copies to its backup: whatever
   * member a room lives on, events come back whole and in order, on every member.
   */
  @Test
  void events_stored_through_one_member_read_back_whole_through_another() {
    Vertx other = cluster.member();
    ReplicatedHistoryStore there = started(other);
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

  /**
   * A member that joins takes over the rooms the partition table now gives it, with every event
   * placed before: each room's seqs go on from where they were, in the same epoch, through any
   * member.
   */
  @Test
  void a_joining_member_takes_over_its_rooms_and_their_seqs_go_on() {
    Vertx second = cluster.member();
    ReplicatedHistoryStore two = started(second);
    Context here = vertx.getOrCreateContext();
    List<Envelope> first = new ArrayList<>();
    for (int room = 0; room < 20; room++) {
      String id = "joined-" + room;
      Await.result(on(here, () -> store.append(event(id, new JsonObject()))));
      first.add(Await.result(on(here, () -> store.append(event(id, new JsonObject())))));
    }
    Vertx third = cluster.member();
    ReplicatedHistoryStore three = started(third);
    Await.until(
        java.time.Duration.ofSeconds(30),
        "partitions settled",
        () -> Clusters.manager(third).getHazelcastInstance().getPartitionService().isClusterSafe());
    List<ReplicatedHistoryStore> stores = List.of(store, two, three);
    List<Vertx> nodes = List.of(vertx, second, third);
    for (int room = 0; room < 20; room++) {
      String id = "joined-" + room;
      int at = room % 3;
      Envelope next =
          Await.result(
              on(
                  nodes.get(at).getOrCreateContext(),
                  () -> stores.get(at).append(event(id, new JsonObject()))));
      assertEquals(3, next.seq(), id);
      assertEquals(first.get(room).epoch(), next.epoch(), id);
      HistoryPage page = Await.result(on(third.getOrCreateContext(), () -> three.read(id, 0, 10)));
      assertEquals(3, page.events().size(), id);
    }
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

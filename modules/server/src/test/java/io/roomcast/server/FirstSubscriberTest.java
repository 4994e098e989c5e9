package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.testing.SseClient;
import io.roomcast.testing.SseClient.Event;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first subscriber of a fresh room, while the room's first events are being published: the
 * stream's snapshot says seq N, and it then delivers N+1 up to the last one, in order, with no gap,
 * however the publishes race the subscription (on the subscriber's node, on another one, or on both
 * at once, so that seqs also reach the node out of order).
 */
class FirstSubscriberTest {
  private static final int ROUNDS = 4;
  private static final int ROOMS = 16;
  private static final int EVENTS = 10;
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger ROOM_IDS = new AtomicInteger();

  private static List<TestNode> nodes;
  private static ExecutorService pool;

  @BeforeAll
  static void start() {
    nodes = TestNode.cluster(2);
    pool = Executors.newFixedThreadPool(32);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    nodes.forEach(TestNode::close);
  }

  @Test
  void a_first_subscriber_gets_every_event_after_its_snapshot_when_publishes_race_it_on_its_node()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      race(nodes.get(0), nodes.get(0));
    }
  }

  @Test
  void a_first_subscriber_gets_every_event_after_its_snapshot_when_publishes_race_it_elsewhere()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      race(nodes.get(0), nodes.get(1));
    }
  }

  @Test
  void a_first_subscriber_gets_every_event_after_its_snapshot_when_publishes_race_it_on_every_node()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      race(nodes, nodes.get(round % 2));
    }
  }

  private static void race(TestNode api, TestNode edge) throws Exception {
    race(List.of(api), edge);
  }

  /**
   * Fresh rooms, each subscribed on {@code edge} while its first events go in on {@code apis}, each
   * publishing its share at the same time as the others.
   */
  private static void race(List<TestNode> apis, TestNode edge) throws Exception {
    List<String> rooms = new ArrayList<>();
    for (int i = 0; i < ROOMS; i++) {
      rooms.add("first-" + ROOM_IDS.incrementAndGet());
    }
    List<Future<SseClient>> streams = new ArrayList<>();
    List<Future<?>> publishes = new ArrayList<>();
    for (String room : rooms) {
      String token = edge.token("u-" + room, List.of(room), List.of());
      Future<SseClient> stream =
          pool.submit(() -> edge.sse("/rooms/" + room + "/events?token=" + token));
      streams.add(stream);
      boolean afterHead = streams.size() % 2 == 0;
      for (TestNode api : apis) {
        publishes.add(
            pool.submit(
                () -> {
                  if (afterHead) { // the stream's head is out, its subscription is being set up
                    stream.get(30, TimeUnit.SECONDS);
                  }
                  for (int n = 1; n <= EVENTS / apis.size(); n++) {
                    api.publish(room, new JsonObject().put("n", n));
                  }
                  return null;
                }));
      }
    }
    for (Future<?> p : publishes) {
      p.get(30, TimeUnit.SECONDS);
    }
    for (int i = 0; i < rooms.size(); i++) {
      try (SseClient sse = streams.get(i).get(30, TimeUnit.SECONDS)) {
        assertEquals(200, sse.status());
        Event snapshot = sse.nextEvent(WAIT);
        assertEquals("snapshot", snapshot.event());
        long from = snapshot.json().getLong("seq");
        for (long seq = from + 1; seq <= EVENTS; seq++) {
          Event e = nextMessage(sse, rooms.get(i), from, seq);
          assertEquals(
              seq,
              e.json().getLong("seq"),
              rooms.get(i) + ": snapshot at seq " + from + ", then " + e.json().encode());
        }
      }
    }
  }

  private static Event nextMessage(SseClient sse, String room, long from, long expected) {
    try {
      return sse.next("message", WAIT);
    } catch (AssertionError e) {
      throw new AssertionError(
          room + ": snapshot at seq " + from + ", seq " + expected + " never came", e);
    }
  }
}

package io.roomcast.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventIds;
import io.roomcast.core.history.Continuity;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.testing.Await;
import io.roomcast.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis Streams history against a real redis-server. */
class RedisHistoryStoreTest {
  private RedisProcess redis;
  private Vertx vertx;
  private RedisHistoryStore store;

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
    vertx = Vertx.vertx();
    store =
        new RedisHistoryStore(
            vertx, redis.url(), new HistoryConfig(HistoryConfig.Store.REDIS, 10, 3600, 200));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
    redis.close();
  }

  private Envelope append(String room, int n) {
    Envelope e =
        new Envelope(
            EventIds.next(),
            room,
            "message",
            "alice",
            null,
            new JsonObject().put("n", n),
            Instant.now(),
            null);
    return Await.result(store.append(e));
  }

  @Test
  void appends_get_consecutive_seqs_in_one_epoch_and_read_back_exactly() {
    List<Envelope> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(append("r1", i));
    }
    String epoch = sent.get(0).epoch();
    for (int i = 0; i < 5; i++) {
      assertEquals(i + 1, sent.get(i).seq());
      assertEquals(epoch, sent.get(i).epoch());
    }
    HistoryPage page = Await.result(store.read("r1", 2, 100));
    assertEquals(5, page.last());
    assertEquals(1, page.oldest());
    assertEquals(3, page.events().size());
    assertEquals(sent.get(2), page.events().get(0));
    assertEquals(Continuity.EXACT, page.continuity(epoch, 2));
    assertEquals(Continuity.FUTURE, page.continuity(epoch, 6));
    assertEquals(2, Await.result(store.read("r1", 0, 2)).events().size());
  }

  @Test
  void a_room_without_history_has_no_epoch_and_seq_zero() {
    HistoryPage page = Await.result(store.read("empty", 0, 10));
    assertNull(page.epoch());
    assertEquals(0, page.last());
    assertTrue(page.events().isEmpty());
    assertEquals(Continuity.EXACT, page.continuity(null, 0));
  }

  @Test
  void history_keeps_max_events_and_older_positions_are_expired() {
    for (int i = 0; i < 25; i++) {
      append("r2", i);
    }
    HistoryPage page = Await.result(store.read("r2", 0, 100));
    assertEquals(25, page.last());
    assertEquals(16, page.oldest());
    assertEquals(10, page.events().size());
    assertEquals(Continuity.EXPIRED, page.continuity(page.epoch(), 3));
    assertEquals(Continuity.EXACT, page.continuity(page.epoch(), 15));
  }

  @Test
  void a_redis_that_lost_its_data_starts_a_new_epoch() {
    Envelope before = append("r3", 0);
    append("r3", 1);
    redis.kill();
    redis.restart();
    Await.until(
        Duration.ofSeconds(20),
        "the pool reconnects",
        () -> {
          try {
            return store.read("r3", 0, 1).await() != null;
          } catch (RuntimeException e) {
            return false;
          }
        });
    Envelope after = append("r3", 2);
    assertNotEquals(before.epoch(), after.epoch());
    assertEquals(1, after.seq());
    HistoryPage page = Await.result(store.read("r3", 0, 10));
    assertEquals(Continuity.EPOCH, page.continuity(before.epoch(), 2));
  }
}

package io.roomcast.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roomcast.core.RoomcastException;
import io.roomcast.core.config.ConfigException;
import io.roomcast.core.config.ConfigLoader;
import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventIds;
import io.roomcast.core.history.Continuity;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryQuery;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalHistoryStoreTest {
  private final LocalHistoryStore store =
      new LocalHistoryStore(new HistoryConfig(HistoryConfig.Store.HAZELCAST, 3, 3600, 200));

  private static Envelope event(String id) {
    return new Envelope(id, "r", "message", "u", null, new JsonObject(), Instant.now(), null);
  }

  @Test
  void a_retried_append_of_the_same_event_keeps_its_first_seq() {
    Envelope e = event(EventIds.next());
    long first = store.append(e).result().seq();
    store.append(event(EventIds.next()));
    assertEquals(first, store.append(e).result().seq());
    assertEquals(2, store.read("r", 0, 10).result().last());
  }

  @Test
  void history_keeps_the_newest_max_events_and_says_when_a_position_left_it() {
    for (int i = 0; i < 5; i++) {
      store.append(event(EventIds.next()));
    }
    HistoryPage page = store.read("r", 0, 10).result();
    assertEquals(3, page.oldest());
    assertEquals(3, page.events().size());
    assertEquals(Continuity.EXPIRED, page.continuity(page.epoch(), 1));
    assertEquals(Continuity.EXACT, page.continuity(page.epoch(), 2));
    assertEquals(Continuity.EPOCH, page.continuity("other", 2));
    assertEquals(Continuity.FUTURE, page.continuity(page.epoch(), 6));
  }

  @Test
  void history_config_has_documented_defaults_env_overrides_and_eager_validation() {
    HistoryConfig defaults = RoomcastConfig.from(new JsonObject()).history();
    assertEquals(HistoryConfig.defaults(), defaults);
    JsonObject env =
        ConfigLoader.load(
            null,
            Map.of("ROOMCAST_HISTORY_MAX_EVENTS", "50", "ROOMCAST_HISTORY_STORE", "hazelcast"));
    HistoryConfig set = RoomcastConfig.from(env).history();
    assertEquals(50, set.maxEvents());
    assertEquals(HistoryConfig.Store.HAZELCAST, set.store());
    assertThrows(
        ConfigException.class,
        () ->
            RoomcastConfig.from(
                new JsonObject().put("history", new JsonObject().put("store", "disk"))));
  }

  @Test
  void history_queries_refuse_malformed_positions() {
    assertThrows(RoomcastException.class, () -> HistoryQuery.parse("r", "-1", null, null));
    assertThrows(RoomcastException.class, () -> HistoryQuery.parse("r", null, "0", null));
    assertThrows(RoomcastException.class, () -> HistoryQuery.parse("r", null, null, "bad epoch"));
    assertEquals(new HistoryQuery("r", 7, 100, null), HistoryQuery.parse("r", "7", null, ""));
  }
}

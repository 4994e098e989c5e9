package io.roomcast.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.config.ConfigException;
import io.roomcast.core.config.RoomcastConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A configuration that names no usable history store is refused at start-up, not papered over. */
class HistoryCreateTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void the_redis_store_without_a_redis_url_is_a_start_up_error_naming_the_key() {
    RoomcastConfig config =
        RoomcastConfig.from(
            new JsonObject().put("history", new JsonObject().put("store", "redis")));
    ConfigException e = assertThrows(ConfigException.class, () -> History.create(vertx, config));
    assertTrue(e.getMessage().contains("history.store"), e.getMessage());
  }

  @Test
  void the_hazelcast_store_on_a_node_that_is_not_clustered_is_refused_not_replaced() {
    RoomcastConfig config = RoomcastConfig.from(new JsonObject());
    ConfigException e = assertThrows(ConfigException.class, () -> History.create(vertx, config));
    assertTrue(e.getMessage().contains("clustered"), e.getMessage());
  }

  @Test
  void auto_with_a_redis_url_chooses_redis_streams() {
    RoomcastConfig config =
        RoomcastConfig.from(
            new JsonObject()
                .put("history", new JsonObject().put("store", "auto"))
                .put("redis", new JsonObject().put("url", "redis://127.0.0.1:1")));
    assertEquals(RedisHistoryStore.class, History.create(vertx, config).getClass());
  }
}

package io.roomcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.config.ConfigException;
import io.roomcast.core.config.ConfigLoader;
import io.roomcast.core.config.RoomcastConfig;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchConfigTest {
  @Test
  void a_batch_body_may_be_one_mebibyte_by_default() {
    RoomcastConfig c = RoomcastConfig.from(ConfigLoader.load(null, Map.of()));
    assertEquals(1024 * 1024, c.api().maxBatchBytes());
    assertEquals(1024 * 1024, RoomcastConfig.from(new JsonObject()).api().maxBatchBytes());
  }

  @Test
  void the_batch_body_limit_is_set_from_the_environment() {
    JsonObject json = ConfigLoader.load(null, Map.of("ROOMCAST_MAX_BATCH_BYTES", "2097152"));
    assertEquals(2 * 1024 * 1024, RoomcastConfig.from(json).api().maxBatchBytes());
  }

  @Test
  void a_batch_body_limit_out_of_range_names_its_key() {
    JsonObject json = new JsonObject().put("api", new JsonObject().put("maxBatchBytes", 10));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.from(json));
    assertTrue(e.getMessage().contains("api.maxBatchBytes"), e.getMessage());
  }
}

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

/** The HTTP header and idle timeouts of both ports: defaults, env overrides, bounds. */
class HttpTimeoutConfigTest {
  @Test
  void header_timeouts_default_to_20_seconds_and_idle_timeouts_to_60() {
    RoomcastConfig c = RoomcastConfig.from(ConfigLoader.load(null, Map.of()));
    assertEquals(20, c.api().headerTimeoutSeconds());
    assertEquals(60, c.api().idleTimeoutSeconds());
    assertEquals(20, c.edge().headerTimeoutSeconds());
    assertEquals(60, c.edge().idleTimeoutSeconds());
  }

  @Test
  void environment_variables_override_every_timeout() {
    RoomcastConfig c =
        RoomcastConfig.from(
            ConfigLoader.load(
                null,
                Map.of(
                    "ROOMCAST_API_HEADER_TIMEOUT_SECONDS", "5",
                    "ROOMCAST_API_IDLE_TIMEOUT_SECONDS", "30",
                    "ROOMCAST_EDGE_HEADER_TIMEOUT_SECONDS", "7",
                    "ROOMCAST_EDGE_IDLE_TIMEOUT_SECONDS", "90")));
    assertEquals(5, c.api().headerTimeoutSeconds());
    assertEquals(30, c.api().idleTimeoutSeconds());
    assertEquals(7, c.edge().headerTimeoutSeconds());
    assertEquals(90, c.edge().idleTimeoutSeconds());
  }

  @Test
  void a_timeout_out_of_bounds_fails_naming_its_key() {
    for (Map.Entry<String, String> bad :
        Map.of(
                "ROOMCAST_API_HEADER_TIMEOUT_SECONDS", "0",
                "ROOMCAST_API_IDLE_TIMEOUT_SECONDS", "soon",
                "ROOMCAST_EDGE_HEADER_TIMEOUT_SECONDS", "3601")
            .entrySet()) {
      JsonObject json = ConfigLoader.load(null, Map.of(bad.getKey(), bad.getValue()));
      ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.from(json));
      String key = ConfigLoader.ENV.get(bad.getKey());
      assertTrue(e.getMessage().contains(key), e.getMessage() + " names " + key);
    }
  }
}

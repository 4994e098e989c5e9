package io.roomcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.config.ConfigException;
import io.roomcast.core.config.ConfigLoader;
import io.roomcast.core.config.Role;
import io.roomcast.core.config.RoomcastConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @Test
  void the_built_in_config_gives_the_documented_defaults() {
    RoomcastConfig c = RoomcastConfig.from(ConfigLoader.load(null, Map.of()));
    assertEquals(8080, c.api().port());
    assertEquals(8081, c.edge().port());
    assertEquals(15, c.edge().keepaliveSeconds());
    assertEquals(64 * 1024, c.api().maxBodyBytes());
    assertEquals("roomcast", c.cluster().name());
    assertEquals(List.of("127.0.0.1"), c.cluster().members());
    assertTrue(c.roles().contains(Role.EDGE));
  }

  @Test
  void environment_variables_override_file_values(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"api\":{\"port\":9000},\"cluster\":{\"name\":\"from-file\"}}");
    JsonObject json =
        ConfigLoader.load(
            file,
            Map.of(
                "ROOMCAST_API_PORT", "9100",
                "ROOMCAST_CLUSTER_MEMBERS", "10.0.0.1, 10.0.0.2:5702",
                "ROOMCAST_ROLES", "edge"));
    RoomcastConfig c = RoomcastConfig.from(json);
    assertEquals(9100, c.api().port());
    assertEquals("from-file", c.cluster().name());
    assertEquals(List.of("10.0.0.1", "10.0.0.2:5702"), c.cluster().members());
    assertEquals(java.util.Set.of(Role.EDGE), c.roles());
  }

  @Test
  void an_invalid_value_fails_fast_naming_its_key() {
    JsonObject json = ConfigLoader.load(null, Map.of("ROOMCAST_API_PORT", "eighty"));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.from(json));
    assertTrue(e.getMessage().contains("api.port"), e.getMessage());
  }

  @Test
  void an_out_of_range_value_names_its_key_and_range() {
    JsonObject json = new JsonObject().put("edge", new JsonObject().put("port", 70000));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.from(json));
    assertTrue(e.getMessage().contains("edge.port") && e.getMessage().contains("65535"));
  }

  @Test
  void an_unknown_role_is_refused() {
    JsonObject json = ConfigLoader.load(null, Map.of("ROOMCAST_ROLES", "edge,gateway"));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.from(json));
    assertTrue(e.getMessage().contains("gateway"));
  }

  @Test
  void a_short_jwt_secret_is_refused() {
    JsonObject json = ConfigLoader.load(null, Map.of("ROOMCAST_JWT_SECRET", "short"));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.from(json));
    assertTrue(e.getMessage().contains("auth.jwtSecret"));
  }

  @Test
  void a_conf_file_that_is_not_json_is_refused_with_its_path(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{nope");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertTrue(e.getMessage().contains("bad.json"));
  }
}

package io.roomcast.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportConfigTest {
  @Test
  void the_default_transport_is_auto() {
    assertEquals(
        IoTransport.AUTO, RoomcastConfig.from(ConfigLoader.load(null, Map.of())).transport());
    assertEquals(IoTransport.AUTO, RoomcastConfig.from(new JsonObject()).transport());
  }

  @Test
  void node_transport_takes_each_of_its_four_names_in_any_case() {
    for (String name : new String[] {"auto", "io_uring", "EPOLL", " nio "}) {
      JsonObject json = new JsonObject().put("node", new JsonObject().put("transport", name));
      assertEquals(
          name.trim().toLowerCase(), RoomcastConfig.from(json).transport().configName(), name);
    }
  }

  @Test
  void roomcast_transport_overrides_the_file() {
    JsonObject json = ConfigLoader.load(null, Map.of("ROOMCAST_TRANSPORT", "io_uring"));
    assertEquals(IoTransport.IO_URING, RoomcastConfig.from(json).transport());
  }

  @Test
  void an_unknown_transport_is_refused_naming_the_key_and_the_choices() {
    JsonObject json = ConfigLoader.load(null, Map.of("ROOMCAST_TRANSPORT", "kqueue"));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.from(json));
    assertTrue(e.getMessage().contains("node.transport"), e.getMessage());
    assertTrue(e.getMessage().contains("io_uring") && e.getMessage().contains("kqueue"));
  }

  @Test
  void a_transport_that_is_not_a_string_is_refused() {
    JsonObject json = new JsonObject().put("node", new JsonObject().put("transport", 3));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.from(json));
    assertTrue(e.getMessage().contains("node.transport"), e.getMessage());
  }
}

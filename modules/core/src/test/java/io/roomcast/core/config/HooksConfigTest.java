package io.roomcast.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HooksConfigTest {
  private static final String SECRET = "0123456789abcdef";

  @Test
  void no_hooks_section_means_no_webhooks_and_no_proxies() {
    HooksConfig hooks = HooksConfig.from(new JsonObject());
    assertFalse(hooks.hasWebhooks());
    assertNull(hooks.subscribeUrl());
    assertNull(hooks.connectUrl());
    assertEquals(HooksConfig.DEFAULT_RETRY_SECONDS, hooks.retrySeconds());
    assertEquals(HooksConfig.DEFAULT_TIMEOUT_MILLIS, hooks.timeoutMillis());
    assertEquals(0, hooks.cacheSeconds());
  }

  @Test
  void a_webhook_from_the_file_gets_the_events_it_names() {
    JsonObject root =
        new JsonObject()
            .put(
                "hooks",
                new JsonObject()
                    .put(
                        "webhooks",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("url", "https://app.example/hooks")
                                    .put("secret", SECRET)
                                    .put("events", new JsonArray().add("user.offline")))));
    HooksConfig hooks = HooksConfig.from(root);
    assertEquals(1, hooks.webhooks().size());
    assertEquals(Set.of("user.offline"), hooks.webhooks().get(0).events());
    assertTrue(hooks.wants("user.offline"));
    assertFalse(hooks.wants("message"));
  }

  @Test
  void the_environment_names_one_webhook_for_every_event_unless_told() {
    JsonObject root =
        ConfigLoader.applyEnv(
            new JsonObject(),
            Map.of(
                "ROOMCAST_WEBHOOK_URL",
                "http://127.0.0.1:9000/h",
                "ROOMCAST_WEBHOOK_SECRET",
                SECRET));
    HooksConfig hooks = HooksConfig.from(root);
    assertEquals(Set.copyOf(HooksConfig.EVENTS), hooks.webhooks().get(0).events());
  }

  @Test
  void bad_webhooks_and_proxies_are_refused_naming_the_key() {
    assertKey(
        "hooks.webhook.secret",
        ConfigLoader.applyEnv(new JsonObject(), Map.of("ROOMCAST_WEBHOOK_URL", "http://h/x")));
    assertKey(
        "hooks.webhook.events",
        ConfigLoader.applyEnv(
            new JsonObject(),
            Map.of(
                "ROOMCAST_WEBHOOK_URL", "http://h/x",
                "ROOMCAST_WEBHOOK_SECRET", SECRET,
                "ROOMCAST_WEBHOOK_EVENTS", "message,user.gone")));
    assertKey(
        "hooks.subscribeUrl",
        new JsonObject().put("hooks", new JsonObject().put("subscribeUrl", "ftp://h/x")));
    assertKey(
        "hooks.secret",
        new JsonObject().put("hooks", new JsonObject().put("connectUrl", "http://h/connect")));
  }

  private static void assertKey(String key, JsonObject root) {
    ConfigException e = assertThrows(ConfigException.class, () -> HooksConfig.from(root));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}

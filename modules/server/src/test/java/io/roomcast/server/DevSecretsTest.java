package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.config.AuthConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Generated secrets come back as a config section; the JSON the operator gave is left alone. */
class DevSecretsTest {
  private final TestCluster cluster = new TestCluster();
  private final Vertx vertx = cluster.member();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void missing_secrets_are_generated_once_and_every_later_ask_gets_the_same_ones() {
    JsonObject json = new JsonObject();
    AuthConfig auth = RoomcastConfig.from(json).auth();
    DevSecrets.Outcome first = DevSecrets.ensure(vertx, auth).await();
    DevSecrets.Outcome second = DevSecrets.ensure(vertx, auth).await();

    assertTrue(first.generated());
    assertTrue(first.generatedHere());
    assertFalse(second.generatedHere());
    assertNotNull(first.demoToken());
    assertNotNull(first.auth().jwtSecret());
    assertNotNull(first.auth().apiKey());
    assertEquals(first.auth(), second.auth());
    assertEquals(new JsonObject(), json, "the config JSON is not written into");
  }

  @Test
  void configured_secrets_win_and_nothing_is_generated() {
    JsonObject json =
        new JsonObject()
            .put(
                "auth",
                new JsonObject().put("jwtSecret", "s".repeat(32)).put("apiKey", "k".repeat(16)));
    AuthConfig auth = RoomcastConfig.from(json).auth();
    DevSecrets.Outcome outcome = DevSecrets.ensure(vertx, auth).await();

    assertFalse(outcome.generated());
    assertNull(outcome.demoToken());
    assertEquals(auth, outcome.auth());
  }
}

package io.roomcast.testing;

import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.config.ClusterConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Node configs for tests: ephemeral ports, a cluster name of their own, fixed test credentials. */
public final class TestConfig {
  /** Test-only credentials; never used outside tests. */
  public static final String JWT_SECRET = "test-only-jwt-secret-0123456789abcdef";

  public static final String API_KEY = "test-only-api-key-0123";

  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  private TestConfig() {}

  /** A cluster name no other test run on this host uses. */
  public static String clusterName() {
    return "rc-test-" + ProcessHandle.current().pid() + "-" + CLUSTERS.incrementAndGet();
  }

  /** A whole node's config on free ports, joining {@code cluster}. */
  public static JsonObject node(String cluster) {
    return new JsonObject()
        .put(
            "node",
            new JsonObject()
                .put("roles", new JsonArray(List.of("ingress", "edge", "presence", "relay")))
                .put("edgeInstances", 1))
        .put("api", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("edge", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("cluster", new JsonObject().put("name", cluster).put("host", "127.0.0.1"))
        .put("auth", new JsonObject().put("jwtSecret", JWT_SECRET).put("apiKey", API_KEY));
  }

  public static ClusterConfig cluster(String name) {
    return RoomcastConfig.from(node(name)).cluster();
  }

  public static Authenticator auth(Vertx vertx) {
    return new Authenticator(vertx, JWT_SECRET, API_KEY, 0);
  }

  /** A user token valid for an hour. */
  public static String token(Vertx vertx, String user, List<String> rooms, List<String> pub) {
    return auth(vertx).issue(user, rooms, pub, Duration.ofHours(1));
  }
}

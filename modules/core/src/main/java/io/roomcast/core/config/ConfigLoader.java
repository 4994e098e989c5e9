package io.roomcast.core.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Layers the configuration: the built-in {@code roomcast.json}, then {@code --conf FILE}, then
 * {@code ROOMCAST_*} environment variables (see {@link #ENV}). Later layers win key by key.
 */
public final class ConfigLoader {
  /** Environment variable → config key; README's configuration table mirrors this map. */
  public static final Map<String, String> ENV = new LinkedHashMap<>();

  static {
    ENV.put("ROOMCAST_ROLES", "node.roles");
    ENV.put("ROOMCAST_EDGE_INSTANCES", "node.edgeInstances");
    ENV.put("ROOMCAST_TRANSPORT", "node.transport");
    ENV.put("ROOMCAST_API_HOST", "api.host");
    ENV.put("ROOMCAST_API_PORT", "api.port");
    ENV.put("ROOMCAST_MAX_BODY_BYTES", "api.maxBodyBytes");
    ENV.put("ROOMCAST_MAX_BATCH_BYTES", "api.maxBatchBytes");
    ENV.put("ROOMCAST_CORS_ORIGINS", "api.corsOrigins");
    ENV.put("ROOMCAST_API_HEADER_TIMEOUT_SECONDS", "api.headerTimeoutSeconds");
    ENV.put("ROOMCAST_API_IDLE_TIMEOUT_SECONDS", "api.idleTimeoutSeconds");
    ENV.put("ROOMCAST_EDGE_HOST", "edge.host");
    ENV.put("ROOMCAST_EDGE_PORT", "edge.port");
    ENV.put("ROOMCAST_KEEPALIVE_SECONDS", "edge.keepaliveSeconds");
    ENV.put("ROOMCAST_ALLOWED_ORIGINS", "edge.allowedOrigins");
    ENV.put("ROOMCAST_MAX_CONTROL_FRAMES_PER_SECOND", "edge.maxControlFramesPerSecond");
    ENV.put("ROOMCAST_EDGE_HEADER_TIMEOUT_SECONDS", "edge.headerTimeoutSeconds");
    ENV.put("ROOMCAST_EDGE_IDLE_TIMEOUT_SECONDS", "edge.idleTimeoutSeconds");
    ENV.put("ROOMCAST_CLUSTER_NAME", "cluster.name");
    ENV.put("ROOMCAST_CLUSTER_HOST", "cluster.host");
    ENV.put("ROOMCAST_CLUSTER_PORT", "cluster.port");
    ENV.put("ROOMCAST_CLUSTER_MEMBERS", "cluster.members");
    ENV.put("ROOMCAST_BUS_PORT", "cluster.busPort");
    ENV.put("ROOMCAST_BUS_PUBLIC_HOST", "cluster.publicHost");
    ENV.put("ROOMCAST_JWT_SECRET", "auth.jwtSecret");
    ENV.put("ROOMCAST_API_KEY", "auth.apiKey");
    ENV.put("ROOMCAST_JWT_ALGORITHM", "auth.algorithm");
    ENV.put("ROOMCAST_JWT_PUBLIC_KEY", "auth.publicKey");
    ENV.put("ROOMCAST_JWKS_FILE", "auth.jwksFile");
    ENV.put("ROOMCAST_JWT_ISSUER", "auth.issuer");
    ENV.put("ROOMCAST_JWT_AUDIENCE", "auth.audience");
    ENV.put("ROOMCAST_PRESENCE_TTL_SECONDS", "presence.ttlSeconds");
    ENV.put("ROOMCAST_PRESENCE_HEARTBEAT_SECONDS", "presence.heartbeatSeconds");
    ENV.put("ROOMCAST_TYPING_SECONDS", "presence.typingSeconds");
    ENV.put("ROOMCAST_OFFLINE_GRACE_SECONDS", "presence.offlineGraceSeconds");
    ENV.put("ROOMCAST_REDIS_URL", "redis.url");
    ENV.put("ROOMCAST_PUBLISH_PER_SECOND", "limits.publishPerSecond");
    ENV.put("ROOMCAST_CONNECTIONS_PER_USER", "limits.connectionsPerUser");
    ENV.put("ROOMCAST_CONNECTIONS_PER_IP", "limits.connectionsPerIp");
    ENV.put("ROOMCAST_REDIS_MODE", "redis.mode");
    ENV.put("ROOMCAST_REDIS_ORIGIN", "redis.origin");
    ENV.put("ROOMCAST_REDIS_RECONNECT_BASE_MS", "redis.reconnectBaseMs");
    ENV.put("ROOMCAST_REDIS_RECONNECT_CAP_MS", "redis.reconnectCapMs");
    ENV.put("ROOMCAST_HISTORY_STORE", "history.store");
    ENV.put("ROOMCAST_HISTORY_MAX_EVENTS", "history.maxEvents");
    ENV.put("ROOMCAST_HISTORY_MAX_AGE_SECONDS", "history.maxAgeSeconds");
    ENV.put("ROOMCAST_HISTORY_HOLD_MILLIS", "history.holdMillis");
    ENV.put("ROOMCAST_ROOMS_REQUIRE_CREATED", "rooms.requireCreated");
    ENV.put("ROOMCAST_WEBHOOK_URL", "hooks.webhookUrl");
    ENV.put("ROOMCAST_WEBHOOK_SECRET", "hooks.webhookSecret");
    ENV.put("ROOMCAST_WEBHOOK_EVENTS", "hooks.webhookEvents");
    ENV.put("ROOMCAST_WEBHOOK_RETRY_SECONDS", "hooks.retrySeconds");
    ENV.put("ROOMCAST_SUBSCRIBE_PROXY_URL", "hooks.subscribeUrl");
    ENV.put("ROOMCAST_CONNECT_PROXY_URL", "hooks.connectUrl");
    ENV.put("ROOMCAST_HOOKS_SECRET", "hooks.secret");
  }

  private ConfigLoader() {}

  public static JsonObject load(Path file, Map<String, String> env) {
    JsonObject config = builtIn();
    if (file != null) {
      config.mergeIn(read(file), true);
    }
    return applyEnv(config, env);
  }

  public static JsonObject builtIn() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/roomcast.json")) {
      if (in == null) {
        return new JsonObject();
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in roomcast.json", e);
    }
  }

  static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("--conf", "cannot read " + file + ": " + e.getMessage());
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("--conf", file + " is not a JSON object: " + e.getMessage());
    }
  }

  static JsonObject applyEnv(JsonObject config, Map<String, String> env) {
    ENV.forEach(
        (var, key) -> {
          String value = env.get(var);
          if (value != null && !value.isEmpty()) {
            String[] parts = key.split("\\.", 2);
            JsonObject section = config.getJsonObject(parts[0]);
            if (section == null) {
              section = new JsonObject();
              config.put(parts[0], section);
            }
            section.put(parts[1], value);
          }
        });
    return config;
  }
}

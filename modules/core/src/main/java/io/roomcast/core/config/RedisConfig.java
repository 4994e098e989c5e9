package io.roomcast.core.config;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The Redis relay (README "Redis relay").
 *
 * @param url null disables the Redis relay
 * @param mode {@code pubsub}: room and user channels, at most once; {@code streams}: the same
 *     channels plus the durable inbound stream, at least once
 * @param origin this cluster's name in the {@code origin} marker of mirrored events; default:
 *     {@code cluster.name}. Clusters that share one Redis need different origins
 * @param reconnectBaseMs bound of the first reconnect delay; the bound doubles per failed attempt
 *     and each delay is drawn uniformly below it (full jitter)
 * @param reconnectCapMs the largest bound of a reconnect delay
 */
public record RedisConfig(
    String url, Mode mode, String origin, int reconnectBaseMs, int reconnectCapMs) {
  public static final Mode DEFAULT_MODE = Mode.PUBSUB;
  public static final int DEFAULT_RECONNECT_BASE_MS = 100;
  public static final int DEFAULT_RECONNECT_CAP_MS = 10_000;

  public enum Mode {
    PUBSUB,
    STREAMS
  }

  public boolean enabled() {
    return url != null;
  }

  static RedisConfig from(JsonObject root, String clusterName) {
    ConfigReader r = new ConfigReader(root, "redis");
    String url = r.string("url", null);
    if (url != null && !url.matches("rediss?://.+")) {
      throw new ConfigException("redis.url", "must look like redis://host:port");
    }
    String mode = r.string("mode", DEFAULT_MODE.name()).trim().toUpperCase(Locale.ROOT);
    if (!mode.equals("PUBSUB") && !mode.equals("STREAMS")) {
      throw new ConfigException("redis.mode", "must be pubsub or streams");
    }
    String origin = r.string("origin", clusterName);
    if (!origin.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new ConfigException("redis.origin", "must be 1-64 chars of [A-Za-z0-9_.:-]");
    }
    int base = r.intValue("reconnectBaseMs", DEFAULT_RECONNECT_BASE_MS, 1, 600_000);
    int cap = r.intValue("reconnectCapMs", DEFAULT_RECONNECT_CAP_MS, 1, 600_000);
    if (cap < base) {
      throw new ConfigException("redis.reconnectCapMs", "must not be below reconnectBaseMs");
    }
    return new RedisConfig(url, Mode.valueOf(mode), origin, base, cap);
  }
}

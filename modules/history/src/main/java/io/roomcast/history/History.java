package io.roomcast.history;

import io.roomcast.core.config.ConfigException;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.history.HistoryStore;
import io.vertx.core.Vertx;

/** Builds a node's history store from its configuration (README "History and resume"). */
public final class History {
  private History() {}

  /**
   * The configured store: Redis Streams for {@code redis} (or {@code auto} with {@code redis.url}),
   * else the embedded replicated store. A configuration that names no usable store is refused here,
   * at start-up, with the key to fix; there is no fallback.
   */
  public static HistoryStore create(Vertx vertx, RoomcastConfig config) {
    if (usesRedis(config)) {
      return new RedisHistoryStore(vertx, config.redis().url(), config.history());
    }
    if (!vertx.isClustered()) {
      throw new ConfigException(
          "history.store", "the hazelcast store needs a clustered node (or set redis.url)");
    }
    return new ReplicatedHistoryStore(vertx, config.history());
  }

  /** {@code redis}, or {@code auto} with {@code redis.url} set. */
  public static boolean usesRedis(RoomcastConfig config) {
    return switch (config.history().store()) {
      case REDIS -> {
        if (!config.redis().enabled()) {
          throw new ConfigException("history.store", "redis needs redis.url");
        }
        yield true;
      }
      case AUTO -> config.redis().enabled();
      case HAZELCAST -> false;
    };
  }
}

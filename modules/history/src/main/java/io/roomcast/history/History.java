package io.roomcast.history;

import io.roomcast.core.config.ConfigException;
import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.history.HistoryStores;
import io.vertx.core.Vertx;

/** Chooses and installs a node's history store from its configuration (README "History"). */
public final class History {
  private History() {}

  /** Installs the configured store as the node's; call before verticles publish. */
  public static HistoryStore install(Vertx vertx, RoomcastConfig config) {
    HistoryConfig history = config.history();
    HistoryStore store =
        usesRedis(config)
            ? new RedisHistoryStore(vertx, config.redis().url(), history)
            : HistoryStores.embedded(vertx, history);
    HistoryStores.install(vertx, store, history);
    return store;
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

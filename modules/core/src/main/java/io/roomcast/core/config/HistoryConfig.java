package io.roomcast.core.config;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Room history and gapless resume (README "History and resume"). Every durable event is stored
 * before it is published; the store keeps at most {@code maxEvents} per room and none older than
 * {@code maxAgeSeconds}.
 *
 * @param store {@code auto}: Redis Streams when {@code redis.url} is set, else Hazelcast; {@code
 *     hazelcast}: an in-cluster map with one backup copy; {@code redis}: Redis Streams (needs
 *     {@code redis.url}; durable publishes then need Redis up). Default {@code hazelcast}, so a
 *     Redis outage never stops the cluster's own delivery
 * @param maxEvents events kept per room. Default {@value #DEFAULT_MAX_EVENTS}
 * @param maxAgeSeconds events older than this are gone from history. Default {@value
 *     #DEFAULT_MAX_AGE_SECONDS}
 * @param holdMillis how long a node waits for a missing seq to arrive before it reads it from
 *     history (bus messages from different publishers may overtake each other). Default {@value
 *     #DEFAULT_HOLD_MILLIS}
 */
public record HistoryConfig(Store store, int maxEvents, int maxAgeSeconds, int holdMillis) {
  public static final Store DEFAULT_STORE = Store.HAZELCAST;
  public static final int DEFAULT_MAX_EVENTS = 1000;
  public static final int DEFAULT_MAX_AGE_SECONDS = 3600;
  public static final int DEFAULT_HOLD_MILLIS = 200;

  public enum Store {
    AUTO,
    HAZELCAST,
    REDIS
  }

  public static HistoryConfig defaults() {
    return new HistoryConfig(
        DEFAULT_STORE, DEFAULT_MAX_EVENTS, DEFAULT_MAX_AGE_SECONDS, DEFAULT_HOLD_MILLIS);
  }

  static HistoryConfig from(JsonObject root) {
    ConfigReader r = new ConfigReader(root, "history");
    String store = r.string("store", DEFAULT_STORE.name()).trim().toUpperCase(Locale.ROOT);
    if (!store.equals("AUTO") && !store.equals("HAZELCAST") && !store.equals("REDIS")) {
      throw new ConfigException("history.store", "must be auto, hazelcast or redis");
    }
    return new HistoryConfig(
        Store.valueOf(store),
        r.intValue("maxEvents", DEFAULT_MAX_EVENTS, 1, 1_000_000),
        r.intValue("maxAgeSeconds", DEFAULT_MAX_AGE_SECONDS, 1, 30 * 86400),
        r.intValue("holdMillis", DEFAULT_HOLD_MILLIS, 1, 60_000));
  }
}

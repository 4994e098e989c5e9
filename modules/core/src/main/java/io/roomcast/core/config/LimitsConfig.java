package io.roomcast.core.config;

import io.vertx.core.json.JsonObject;

/**
 * Limits that keep one client from hurting the node or other clients. Body and frame sizes live
 * with their doors ({@code api.maxBodyBytes}, {@code edge.maxFrameBytes}); these apply on every
 * door.
 *
 * @param maxDataBytes largest {@code data} object of an event, encoded
 * @param maxJsonDepth deepest nesting of objects/arrays inside {@code data}
 * @param publishPerSecond sustained publishes (and typing/presence/read signals) per connection
 * @param publishBurst how many may come at once before the rate applies
 * @param abuseLimit refusals for rate in a row after which the connection is closed
 * @param connectionsPerUser open connections one user may hold on one node
 * @param connectionsPerIp open connections one client address may hold on one node
 */
public record LimitsConfig(
    int maxDataBytes,
    int maxJsonDepth,
    int publishPerSecond,
    int publishBurst,
    int abuseLimit,
    int connectionsPerUser,
    int connectionsPerIp) {
  public static final int DEFAULT_MAX_DATA_BYTES = 32 * 1024;
  public static final int DEFAULT_MAX_JSON_DEPTH = 16;
  public static final int DEFAULT_PUBLISH_PER_SECOND = 20;
  public static final int DEFAULT_PUBLISH_BURST = 40;
  public static final int DEFAULT_ABUSE_LIMIT = 50;
  public static final int DEFAULT_CONNECTIONS_PER_USER = 64;
  public static final int DEFAULT_CONNECTIONS_PER_IP = 20_000;

  public static final LimitsConfig DEFAULTS = from(new JsonObject());

  static LimitsConfig from(JsonObject root) {
    ConfigReader r = new ConfigReader(root, "limits");
    return new LimitsConfig(
        r.intValue("maxDataBytes", DEFAULT_MAX_DATA_BYTES, 64, 16 * 1024 * 1024),
        r.intValue("maxJsonDepth", DEFAULT_MAX_JSON_DEPTH, 1, 256),
        r.intValue("publishPerSecond", DEFAULT_PUBLISH_PER_SECOND, 1, 1_000_000),
        r.intValue("publishBurst", DEFAULT_PUBLISH_BURST, 1, 1_000_000),
        r.intValue("abuseLimit", DEFAULT_ABUSE_LIMIT, 1, 1_000_000),
        r.intValue("connectionsPerUser", DEFAULT_CONNECTIONS_PER_USER, 1, 1_000_000),
        r.intValue("connectionsPerIp", DEFAULT_CONNECTIONS_PER_IP, 1, 1_000_000));
  }
}

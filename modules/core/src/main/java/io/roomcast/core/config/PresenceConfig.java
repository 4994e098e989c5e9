package io.roomcast.core.config;

import io.vertx.core.json.JsonObject;

/**
 * Presence, typing and read receipts (README "Presence"). Liveness is per node: each node's edge
 * renews one lease every {@code heartbeatSeconds}, whatever its number of connections; a node whose
 * lease is not renewed for {@code ttlSeconds} (frozen, or its edge stuck) loses its connections,
 * and a node that leaves the cluster loses them at once (membership event).
 *
 * @param ttlSeconds a node whose lease was not renewed for this long is gone, and so is a backend's
 *     connection-less status not refreshed for this long; at least twice {@code heartbeatSeconds}.
 *     Default {@value #DEFAULT_TTL_SECONDS}
 * @param heartbeatSeconds how often each node renews its lease (also how often the sweeping node
 *     looks for lapsed leases). Default {@value #DEFAULT_HEARTBEAT_SECONDS}
 * @param typingSeconds typing ends without a refresh after this long. Default {@value
 *     #DEFAULT_TYPING_SECONDS}
 * @param offlineGraceSeconds a user whose last connection in a room is gone goes offline this much
 *     later, unless a connection comes back first (reloads, node restarts, failover); 0 means at
 *     once. Default {@value #DEFAULT_OFFLINE_GRACE_SECONDS}
 * @param sweepMillis how often each presence node ends the typing, grace periods and stand-ins its
 *     own deadlines make due (a local look while nothing is due). Default {@value
 *     #DEFAULT_SWEEP_MILLIS}
 */
public record PresenceConfig(
    int ttlSeconds,
    int heartbeatSeconds,
    int typingSeconds,
    int offlineGraceSeconds,
    int sweepMillis) {
  public static final int DEFAULT_TTL_SECONDS = 45;
  public static final int DEFAULT_HEARTBEAT_SECONDS = 15;
  public static final int DEFAULT_TYPING_SECONDS = 6;
  public static final int DEFAULT_OFFLINE_GRACE_SECONDS = 5;
  public static final int DEFAULT_SWEEP_MILLIS = 1000;

  static PresenceConfig from(JsonObject root) {
    ConfigReader r = new ConfigReader(root, "presence");
    int heartbeat = r.intValue("heartbeatSeconds", DEFAULT_HEARTBEAT_SECONDS, 1, 3600);
    int ttl = r.intValue("ttlSeconds", DEFAULT_TTL_SECONDS, 2, 86400);
    if (ttl < 2 * heartbeat) {
      throw new ConfigException(
          "presence.ttlSeconds", "must be at least twice presence.heartbeatSeconds");
    }
    return new PresenceConfig(
        ttl,
        heartbeat,
        r.intValue("typingSeconds", DEFAULT_TYPING_SECONDS, 1, 3600),
        r.intValue("offlineGraceSeconds", DEFAULT_OFFLINE_GRACE_SECONDS, 0, 3600),
        r.intValue("sweepMillis", DEFAULT_SWEEP_MILLIS, 10, 60_000));
  }
}

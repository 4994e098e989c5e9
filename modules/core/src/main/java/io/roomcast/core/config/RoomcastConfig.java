package io.roomcast.core.config;

import io.roomcast.core.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The whole node configuration, parsed once and validated eagerly. Defaults are the {@code
 * DEFAULT_*} constants of each section and match {@code conf/roomcast.json}.
 *
 * @param edgeInstances edge verticle instances (event loops serving browsers); default: one per
 *     core
 * @param transport the Netty I/O transport the node asks for; default {@code auto}
 */
public record RoomcastConfig(
    Set<Role> roles,
    int edgeInstances,
    IoTransport transport,
    ApiConfig api,
    EdgeConfig edge,
    ClusterConfig cluster,
    AuthConfig auth,
    PresenceConfig presence,
    RedisConfig redis,
    HistoryConfig history,
    LimitsConfig limits) {

  /** Which verticles a node deploys. */
  public enum Role {
    INGRESS,
    EDGE,
    PRESENCE,
    RELAY
  }

  /**
   * The Netty I/O transport under Vert.x. {@code auto}: epoll where it loads, else NIO. {@code
   * io_uring} falls back to epoll, then NIO, and {@code epoll} to NIO, where the asked one cannot
   * run (not Linux, a kernel that refuses it, no native library); the node starts either way.
   */
  public enum IoTransport {
    AUTO,
    IO_URING,
    EPOLL,
    NIO;

    public static final IoTransport DEFAULT = AUTO;

    /**
     * The name in config and in logs: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}.
     */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static IoTransport from(ConfigReader node) {
      String value = node.string("transport", DEFAULT.configName()).trim();
      for (IoTransport t : values()) {
        if (t.configName().equalsIgnoreCase(value)) {
          return t;
        }
      }
      throw new ConfigException(
          "node.transport", "must be auto, io_uring, epoll or nio (got '" + value + "')");
    }
  }

  /**
   * @param headerTimeoutSeconds a connection whose request headers are not complete this long after
   *     it opened (or after the first byte of a later request) gets 408 and is closed
   * @param idleTimeoutSeconds a connection idle this long between requests is closed
   * @param maxBatchBytes largest body of a batch publish ({@code POST /api/publish}), which carries
   *     up to 1000 events and so may exceed {@code maxBodyBytes}
   */
  public record ApiConfig(
      String host,
      int port,
      int maxBodyBytes,
      List<String> corsOrigins,
      int headerTimeoutSeconds,
      int idleTimeoutSeconds,
      int maxBatchBytes) {
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;
    public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 20;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

    static ApiConfig from(JsonObject root) {
      ConfigReader r = new ConfigReader(root, "api");
      return new ApiConfig(
          r.string("host", "0.0.0.0"),
          r.intValue("port", DEFAULT_PORT, 0, 65535),
          r.intValue("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 256, 16 * 1024 * 1024),
          r.list("corsOrigins", List.of()),
          r.intValue("headerTimeoutSeconds", DEFAULT_HEADER_TIMEOUT_SECONDS, 1, 3600),
          r.intValue("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 86400),
          r.intValue("maxBatchBytes", DEFAULT_MAX_BATCH_BYTES, 256, 64 * 1024 * 1024));
    }
  }

  /**
   * @param queueFrames frames a slow connection may have waiting before it is disconnected
   * @param maxSubscriptions rooms and wildcard patterns one connection may follow at once, on every
   *     door ({@code /ws}, the event-bus bridge on each transport)
   * @param allowedOrigins browser origins allowed on WebSocket/SockJS; empty allows any
   * @param idleTimeoutSeconds a WebSocket or bridge socket silent this long is closed, and so is an
   *     HTTP connection idle this long between requests
   * @param headerTimeoutSeconds a connection whose request headers are not complete this long after
   *     it opened (or after the first byte of a later request) gets 408 and is closed
   */
  public record EdgeConfig(
      String host,
      int port,
      int keepaliveSeconds,
      int queueFrames,
      int maxFrameBytes,
      int pingSeconds,
      int idleTimeoutSeconds,
      int reconnectDelayMs,
      int maxSubscriptions,
      List<String> allowedOrigins,
      int maxControlFramesPerSecond,
      int headerTimeoutSeconds) {
    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_KEEPALIVE_SECONDS = 15;
    public static final int DEFAULT_QUEUE_FRAMES = 1024;
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final int DEFAULT_PING_SECONDS = 20;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_RECONNECT_DELAY_MS = 1000;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 100;
    public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 20;

    /**
     * WebSocket pings and pongs a client may send per second (a burst of five seconds' worth); more
     * is a flood, closed with 1008.
     */
    public static final int DEFAULT_MAX_CONTROL_FRAMES_PER_SECOND = 10;

    static EdgeConfig from(JsonObject root) {
      ConfigReader r = new ConfigReader(root, "edge");
      return new EdgeConfig(
          r.string("host", "0.0.0.0"),
          r.intValue("port", DEFAULT_PORT, 0, 65535),
          r.intValue("keepaliveSeconds", DEFAULT_KEEPALIVE_SECONDS, 1, 3600),
          r.intValue("queueFrames", DEFAULT_QUEUE_FRAMES, 1, 1_000_000),
          r.intValue("maxFrameBytes", DEFAULT_MAX_FRAME_BYTES, 256, 16 * 1024 * 1024),
          r.intValue("pingSeconds", DEFAULT_PING_SECONDS, 1, 3600),
          r.intValue("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS, 2, 86400),
          r.intValue("reconnectDelayMs", DEFAULT_RECONNECT_DELAY_MS, 0, 600_000),
          r.intValue("maxSubscriptions", DEFAULT_MAX_SUBSCRIPTIONS, 1, 100_000),
          r.list("allowedOrigins", List.of()),
          r.intValue(
              "maxControlFramesPerSecond", DEFAULT_MAX_CONTROL_FRAMES_PER_SECOND, 1, 100_000),
          r.intValue("headerTimeoutSeconds", DEFAULT_HEADER_TIMEOUT_SECONDS, 1, 3600));
    }

    /** The subscription cap, on every door: refuses a connection that would follow {@code n}. */
    public void requireSubscriptions(int n) {
      if (n > maxSubscriptions) {
        throw ErrorCode.TOO_MANY_SUBSCRIPTIONS.exception(
            "at most " + maxSubscriptions + " subscriptions per connection");
      }
    }
  }

  /**
   * @param members Hazelcast TCP-IP join members ({@code host} or {@code host:port})
   * @param busPort event-bus TCP port, 0 for a random free one
   * @param publicHost the bus address other nodes use, when it differs from {@code host}
   */
  public record ClusterConfig(
      String name,
      String host,
      int port,
      List<String> members,
      int busPort,
      String publicHost,
      int heartbeatSeconds,
      int maxNoHeartbeatSeconds) {
    public static final String DEFAULT_NAME = "roomcast";
    public static final int DEFAULT_PORT = 5701;

    static ClusterConfig from(JsonObject root) {
      ConfigReader r = new ConfigReader(root, "cluster");
      String name = r.string("name", DEFAULT_NAME);
      if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new ConfigException("cluster.name", "must be 1-64 chars of [A-Za-z0-9_.-]");
      }
      String host = r.string("host", "127.0.0.1");
      return new ClusterConfig(
          name,
          host,
          r.intValue("port", DEFAULT_PORT, 1, 65535),
          r.list("members", List.of("127.0.0.1")),
          r.intValue("busPort", 0, 0, 65535),
          r.string("publicHost", host),
          r.intValue("heartbeatSeconds", 1, 1, 60),
          r.intValue("maxNoHeartbeatSeconds", 5, 2, 600));
    }
  }

  /**
   * How tokens are checked. The algorithm is pinned: tokens signed with any other ({@code none},
   * HS/RS confusion) are refused.
   *
   * @param algorithm {@code HS256} (shared secret) or {@code RS256} (public key or JWKS file)
   * @param jwtSecret HS256 secret; null means "generate a dev secret at start-up"
   * @param publicKey RS256: PEM public key (the text, or {@code @path} to read a file)
   * @param jwksFile RS256: path of a JWKS file ({@code {"keys":[…]}}); keys must be RSA/RS256
   * @param issuer when set, tokens must carry this {@code iss}
   * @param audience when set, tokens must list this {@code aud}
   * @param leewaySeconds allowed clock skew for {@code exp}/{@code nbf}/{@code iat}
   * @param apiKey backend key; null means "generate one at start-up"
   */
  public record AuthConfig(
      String algorithm,
      String jwtSecret,
      String publicKey,
      String jwksFile,
      String issuer,
      String audience,
      int leewaySeconds,
      String apiKey) {
    public static final String DEFAULT_ALGORITHM = "HS256";
    public static final int DEFAULT_LEEWAY_SECONDS = 5;

    public boolean hmac() {
      return algorithm.equals("HS256");
    }

    static AuthConfig from(JsonObject root) {
      ConfigReader r = new ConfigReader(root, "auth");
      String algorithm = r.string("algorithm", DEFAULT_ALGORITHM);
      if (!algorithm.equals("HS256") && !algorithm.equals("RS256")) {
        throw new ConfigException("auth.algorithm", "must be HS256 or RS256");
      }
      String secret = r.string("jwtSecret", null);
      if (secret != null && secret.length() < 32) {
        throw new ConfigException("auth.jwtSecret", "must be at least 32 characters");
      }
      String publicKey = r.string("publicKey", null);
      String jwks = r.string("jwksFile", null);
      if (algorithm.equals("RS256") && publicKey == null && jwks == null) {
        throw new ConfigException("auth.publicKey", "RS256 needs auth.publicKey or auth.jwksFile");
      }
      String key = r.string("apiKey", null);
      if (key != null && key.length() < 16) {
        throw new ConfigException("auth.apiKey", "must be at least 16 characters");
      }
      return new AuthConfig(
          algorithm,
          secret,
          publicKey,
          jwks,
          r.string("issuer", null),
          r.string("audience", null),
          r.intValue("leewaySeconds", DEFAULT_LEEWAY_SECONDS, 0, 300),
          key);
    }
  }

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

  /**
   * Presence, typing and read receipts (README "Presence"). Liveness is per node: each node's edge
   * renews one lease every {@code heartbeatSeconds}, whatever its number of connections; a node
   * whose lease is not renewed for {@code ttlSeconds} (frozen, or its edge stuck) loses its
   * connections, and a node that leaves the cluster loses them at once (membership event).
   *
   * @param ttlSeconds a node whose lease was not renewed for this long is gone, and so is a
   *     backend's connection-less status not refreshed for this long; at least twice {@code
   *     heartbeatSeconds}. Default {@value #DEFAULT_TTL_SECONDS}
   * @param heartbeatSeconds how often each node renews its lease (also how often the sweeping node
   *     looks for lapsed leases). Default {@value #DEFAULT_HEARTBEAT_SECONDS}
   * @param typingSeconds typing ends without a refresh after this long. Default {@value
   *     #DEFAULT_TYPING_SECONDS}
   * @param offlineGraceSeconds a user whose last connection in a room is gone goes offline this
   *     much later, unless a connection comes back first (reloads, node restarts, failover); 0
   *     means at once. Default {@value #DEFAULT_OFFLINE_GRACE_SECONDS}
   * @param sweepMillis how often each presence node ends the typing, grace periods and stand-ins
   *     its own deadlines make due (a local look while nothing is due). Default {@value
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

  public static RoomcastConfig from(JsonObject root) {
    ConfigReader node = new ConfigReader(root, "node");
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String role : node.list("roles", List.of("ingress", "edge", "presence", "relay"))) {
      try {
        roles.add(Role.valueOf(role.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "node.roles", "unknown role '" + role + "' (known: ingress, edge, presence, relay)");
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    ClusterConfig cluster = ClusterConfig.from(root);
    return new RoomcastConfig(
        Set.copyOf(roles),
        node.intValue("edgeInstances", cores, 1, 64),
        IoTransport.from(node),
        ApiConfig.from(root),
        EdgeConfig.from(root),
        cluster,
        AuthConfig.from(root),
        PresenceConfig.from(root),
        RedisConfig.from(root, cluster.name()),
        HistoryConfig.from(root),
        LimitsConfig.from(root));
  }
}

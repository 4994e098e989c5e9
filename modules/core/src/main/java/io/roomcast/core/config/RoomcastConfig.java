package io.roomcast.core.config;

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
 * @param busMetrics whether Vert.x's event-bus meters ({@code vertx_eventbus_*}) are on; default
 *     off: they look a counter up on every bus message, every room event included
 */
public record RoomcastConfig(
    Set<Role> roles,
    int edgeInstances,
    IoTransport transport,
    boolean busMetrics,
    ApiConfig api,
    EdgeConfig edge,
    ClusterConfig cluster,
    AuthConfig auth,
    PresenceConfig presence,
    RedisConfig redis,
    HistoryConfig history,
    LimitsConfig limits,
    RoomsConfig rooms,
    HooksConfig hooks) {

  /** This config with another auth section (the dev secrets filled in, say). */
  public RoomcastConfig withAuth(AuthConfig auth) {
    return new RoomcastConfig(
        roles,
        edgeInstances,
        transport,
        busMetrics,
        api,
        edge,
        cluster,
        auth,
        presence,
        redis,
        history,
        limits,
        rooms,
        hooks);
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
        node.bool("busMetrics", false),
        ApiConfig.from(root),
        EdgeConfig.from(root),
        cluster,
        AuthConfig.from(root),
        PresenceConfig.from(root),
        RedisConfig.from(root, cluster.name()),
        HistoryConfig.from(root),
        LimitsConfig.from(root),
        RoomsConfig.from(root),
        HooksConfig.from(root));
  }
}

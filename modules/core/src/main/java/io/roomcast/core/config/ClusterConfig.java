package io.roomcast.core.config;

import io.vertx.core.json.JsonObject;
import java.util.List;

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

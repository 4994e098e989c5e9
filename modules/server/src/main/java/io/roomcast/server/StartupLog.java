package io.roomcast.server;

import com.hazelcast.instance.BuildInfoProvider;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.Role;
import io.roomcast.core.config.RoomcastConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/** The one short block a node logs when it is ready. */
final class StartupLog {
  private static final Logger LOG = Logger.getLogger("io.roomcast");

  private StartupLog() {}

  static void print(RoomcastNode node) {
    RoomcastConfig cfg = node.config();
    var hz = Clusters.manager(node.vertx()).getHazelcastInstance();
    StringBuilder b = new StringBuilder("roomcast ready\n");
    line(
        b,
        "versions",
        "roomcast "
            + version()
            + ", Vert.x "
            + vertxVersion()
            + ", Hazelcast "
            + BuildInfoProvider.getBuildInfo().getVersion()
            + ", Java "
            + Runtime.version());
    line(b, "roles", cfg.roles().toString().toLowerCase());
    line(b, "transport", transport(node));
    line(
        b,
        "api",
        "http://localhost:"
            + node.apiPort()
            + (cfg.roles().contains(Role.INGRESS)
                ? "  (POST /api/rooms/{room}/events, GET /health, GET /metrics)"
                : "  (GET /health, GET /metrics; no ingress role)"));
    if (cfg.roles().contains(Role.EDGE)) {
      line(b, "edge", "http://localhost:" + node.edgePort() + "  (SSE /rooms/{room}/events)");
    }
    line(
        b,
        "cluster",
        cfg.cluster().name()
            + ", "
            + hz.getCluster().getMembers().size()
            + " member(s): "
            + hz.getCluster().getMembers());
    DevSecrets.Outcome secrets = node.secrets();
    if (secrets.generatedHere()) {
      line(
          b,
          "dev secrets",
          "generated (set ROOMCAST_JWT_SECRET and ROOMCAST_API_KEY in production)");
      line(b, "api key", cfg.auth().apiKey());
      line(b, "jwt secret", cfg.auth().jwtSecret());
    } else if (secrets.generated()) {
      line(b, "dev secrets", "shared by the cluster's first node (logged there)");
    }
    if (secrets.demoToken() == null) {
      line(
          b,
          "tokens",
          cfg.auth().algorithm().equals("RS256")
              ? "RS256: issue them with your private key"
              : cfg.auth().algorithm() + ": issue them with your configured secret");
    } else {
      line(b, "demo token", secrets.demoToken());
      if (cfg.roles().contains(Role.EDGE)) {
        line(
            b,
            "demo page",
            "http://localhost:" + node.edgePort() + "/?token=" + secrets.demoToken());
      }
      line(
          b,
          "try",
          "curl -N 'http://localhost:"
              + node.edgePort()
              + "/rooms/lobby/events?token="
              + secrets.demoToken()
              + "'");
    }
    LOG.info(b.toString().stripTrailing());
  }

  /** The transport that runs and, when it is not the one asked for, why not. */
  private static String transport(RoomcastNode node) {
    IoTransports.Choice choice = node.transportChoice();
    String running = node.transport();
    return choice.fellBack()
        ? running
            + " (node.transport="
            + choice.asked().configName()
            + "; "
            + String.join(", ", choice.refusals())
            + ")"
        : running;
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append(String.format("  %-12s %s%n", key, value));
  }

  private static String version() {
    String v = StartupLog.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static String vertxVersion() {
    try (InputStream in =
        StartupLog.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return in == null ? "?" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}

package io.roomcast.server;

import io.micrometer.core.instrument.Gauge;
import io.roomcast.core.NodeInfo;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.IoTransport;
import io.roomcast.core.config.Role;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.metrics.Meters;
import io.roomcast.edge.EdgeVerticle;
import io.roomcast.history.History;
import io.roomcast.history.HistoryVerticle;
import io.roomcast.ingress.HttpIngressVerticle;
import io.roomcast.ingress.OpsVerticle;
import io.roomcast.presence.PresenceVerticle;
import io.roomcast.relay.RedisRelayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * One roomcast node: a clustered Vert.x instance and the verticles of its roles. Used by {@link
 * Main} and by tests, which start several nodes in one JVM.
 */
public final class RoomcastNode {
  private static final AtomicInteger REGISTRIES = new AtomicInteger();
  private static final Logger LOG = Logger.getLogger("io.roomcast");

  private final Vertx vertx;
  private final RoomcastConfig config;
  private final JsonObject json;
  private final DevSecrets.Outcome secrets;
  private final IoTransports.Choice transport;

  private RoomcastNode(
      Vertx vertx,
      RoomcastConfig config,
      JsonObject json,
      DevSecrets.Outcome secrets,
      IoTransports.Choice transport) {
    this.vertx = vertx;
    this.config = config;
    this.json = json;
    this.secrets = secrets;
    this.transport = transport;
  }

  /** Validates {@code json} eagerly (a {@code ConfigException} names the bad key), then starts. */
  public static Future<RoomcastNode> start(JsonObject json) {
    RoomcastConfig parsed = RoomcastConfig.from(json);
    StartupWarnings.quiet();
    String registry = "roomcast-" + REGISTRIES.incrementAndGet();
    IoTransports.Choice transport = IoTransports.choose(parsed.transport());
    if (transport.fellBack() && parsed.transport() != IoTransport.AUTO) {
      LOG.warning(transport.fallbackLine());
    }
    VertxOptions options =
        new VertxOptions()
            .setMetricsOptions(
                new MicrometerMetricsOptions()
                    .setEnabled(true)
                    .setJvmMetricsEnabled(true)
                    .setRegistryName(registry)
                    // the api and edge servers differ only by their local address
                    .addLabels(Label.LOCAL)
                    .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return Clusters.start(parsed.cluster(), options, transport.transport())
        .map(vertx -> withNodeMeters(vertx, registry))
        .compose(
            vertx ->
                DevSecrets.ensure(vertx, json)
                    .compose(
                        secrets -> {
                          RoomcastConfig cfg = RoomcastConfig.from(json);
                          RoomcastNode node =
                              new RoomcastNode(vertx, cfg, json, secrets, transport);
                          return node.deployRoles().map(node);
                        })
                    .recover(err -> vertx.close().transform(v -> Future.failedFuture(err))));
  }

  /** Binds the node's registry (verticles find it through {@link Meters}) and node-wide meters. */
  private static Vertx withNodeMeters(Vertx vertx, String registry) {
    Meters.bind(vertx, registry);
    var hz = Clusters.manager(vertx).getHazelcastInstance();
    Gauge.builder(Meters.CLUSTER_MEMBERS, hz, h -> h.getCluster().getMembers().size())
        .description("members of the Hazelcast cluster, as this node sees them")
        .register(Meters.registry(vertx));
    return vertx;
  }

  private Future<Void> deployRoles() {
    // which wildcard namespaces the cluster follows: known before this node publishes anything
    return NamespaceDirectory.of(vertx).start().compose(v -> deployVerticles());
  }

  private Future<Void> deployVerticles() {
    List<Future<?>> deployments = new ArrayList<>();
    // history first: every verticle that publishes stores durable events through it
    History.install(vertx, config);
    deployments.add(vertx.deployVerticle(new HistoryVerticle(), options(json)));
    if (config.roles().contains(Role.INGRESS)) {
      deployments.add(vertx.deployVerticle(new HttpIngressVerticle(), options(json)));
    } else { // health and metrics stay on the api port
      deployments.add(vertx.deployVerticle(new OpsVerticle(), options(json)));
    }
    if (config.roles().contains(Role.EDGE)) {
      deployments.add(deployEdge());
    }
    if (config.roles().contains(Role.PRESENCE)) {
      deployments.add(vertx.deployVerticle(new PresenceVerticle(), options(json)));
    }
    if (config.roles().contains(Role.RELAY) && config.redis().enabled()) {
      deployments.add(vertx.deployVerticle(new RedisRelayVerticle(), options(json)));
    }
    return Future.all(deployments).mapEmpty();
  }

  /**
   * Edge instances share one port. With port 0 the first instance picks it and the others join it,
   * so the whole node serves on one edge port.
   */
  private Future<?> deployEdge() {
    int instances = config.edgeInstances();
    if (config.edge().port() != 0 || instances == 1) {
      return vertx.deployVerticle(EdgeVerticle::new, options(json).setInstances(instances));
    }
    return vertx
        .deployVerticle(new EdgeVerticle(), options(json))
        .compose(
            id -> {
              JsonObject fixed = json.copy();
              fixed.getJsonObject("edge").put("port", NodeInfo.get(vertx, NodeInfo.EDGE_PORT));
              return vertx.deployVerticle(
                  EdgeVerticle::new, options(fixed).setInstances(instances - 1));
            });
  }

  private static DeploymentOptions options(JsonObject json) {
    return new DeploymentOptions().setConfig(json);
  }

  public Vertx vertx() {
    return vertx;
  }

  public RoomcastConfig config() {
    return config;
  }

  public int apiPort() {
    return NodeInfo.get(vertx, NodeInfo.API_PORT);
  }

  public int edgePort() {
    return NodeInfo.get(vertx, NodeInfo.EDGE_PORT);
  }

  public DevSecrets.Outcome secrets() {
    return secrets;
  }

  /** The Netty transport this node's Vert.x really runs on: io_uring, epoll or nio. */
  public String transport() {
    return IoTransports.running(vertx);
  }

  /** What {@code node.transport} asked for and, when it could not run, why. */
  IoTransports.Choice transportChoice() {
    return transport;
  }

  /** Graceful: verticles say goodbye to their clients, then the node leaves the cluster. */
  public Future<Void> close() {
    return vertx.close();
  }
}

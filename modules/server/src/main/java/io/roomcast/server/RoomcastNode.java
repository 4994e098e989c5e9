package io.roomcast.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.NodeInfo;
import io.roomcast.core.client.CidIndex;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.client.RoomEvents;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.config.IoTransport;
import io.roomcast.core.config.Role;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.hooks.HookEvents;
import io.roomcast.core.hooks.Occupancy;
import io.roomcast.core.metrics.Meters;
import io.roomcast.core.presence.PresenceClient;
import io.roomcast.core.rooms.RoomDirectory;
import io.roomcast.edge.EdgeServices;
import io.roomcast.edge.EdgeVerticle;
import io.roomcast.history.History;
import io.roomcast.history.HistoryVerticle;
import io.roomcast.hooks.ClusterOccupancy;
import io.roomcast.hooks.HooksVerticle;
import io.roomcast.hooks.MessageHooks;
import io.roomcast.hooks.Webhooks;
import io.roomcast.ingress.HttpIngressVerticle;
import io.roomcast.ingress.OpsVerticle;
import io.roomcast.presence.PresenceVerticle;
import io.roomcast.relay.RedisRelayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * One roomcast node: a clustered Vert.x instance and the verticles of its roles. This is the
 * wiring: it parses the config once, builds the node's collaborators once (meter registry, history
 * store, namespace directory, room events, presence client, publishing client, clock) and hands
 * them to the verticles' constructors. Nothing else looks a collaborator up by Vert.x instance.
 * Used by {@link Main} and by tests, which start several nodes in one JVM.
 */
public final class RoomcastNode {
  private static final AtomicInteger REGISTRIES = new AtomicInteger();
  private static final Logger LOG = Logger.getLogger("io.roomcast");

  private final Vertx vertx;
  private final RoomcastConfig config;
  private final DevSecrets.Outcome secrets;
  private final IoTransports.Choice transport;
  private final String registryName;
  private final MeterRegistry meters;
  private final HistoryStore history;
  private final NamespaceDirectory directory;
  private final RoomEvents events;
  private final PresenceClient presence;
  private final RoomcastClient client;
  private final RoomDirectory rooms;
  private final CidIndex cids;
  private final Clock clock = Clock.systemUTC();
  private final Departures departures;
  private final HookEvents hooks;
  private final ClusterOccupancy occupancy;
  private EdgeServices edge;

  private RoomcastNode(
      Vertx vertx,
      RoomcastConfig config,
      DevSecrets.Outcome secrets,
      IoTransports.Choice transport,
      String registryName) {
    this.vertx = vertx;
    this.config = config;
    this.secrets = secrets;
    this.transport = transport;
    this.registryName = registryName;
    this.meters = Meters.registry(vertx);
    Webhooks webhooks = config.hooks().hasWebhooks() ? new Webhooks(config.hooks(), clock) : null;
    this.hooks = webhooks == null ? HookEvents.NONE : webhooks;
    ClusterOccupancy watched =
        webhooks == null
            ? null
            : new ClusterOccupancy(
                webhooks, config.presence().offlineGraceSeconds() * 1000L, clock);
    this.occupancy = watched != null && watched.watches() ? watched : null;
    this.history = MessageHooks.around(History.create(vertx, config), hooks);
    this.departures = Departures.listen(vertx);
    this.directory = NamespaceDirectory.of(vertx, departures);
    this.events = new RoomEvents(vertx.eventBus(), directory);
    this.presence = PresenceClient.create(vertx, Clusters.nodeId(vertx));
    this.client = RoomcastClient.create(vertx, history, events, meters);
    this.rooms =
        new RoomDirectory(vertx, Clusters.manager(vertx).getHazelcastInstance(), config.rooms());
    this.cids =
        new CidIndex(vertx, Clusters.manager(vertx).getHazelcastInstance(), this.departures);
  }

  /** Validates {@code json} eagerly (a {@code ConfigException} names the bad key), then starts. */
  public static Future<RoomcastNode> start(JsonObject json) {
    return start(RoomcastConfig.from(json));
  }

  /** Starts on an already parsed configuration. */
  public static Future<RoomcastNode> start(RoomcastConfig parsed) {
    StartupWarnings.quiet();
    String registry = "roomcast-" + REGISTRIES.incrementAndGet();
    IoTransports.Choice transport = IoTransports.choose(parsed.transport());
    if (transport.fellBack() && parsed.transport() != IoTransport.AUTO) {
      LOG.warning(transport.fallbackLine());
    }
    return Clusters.start(
            parsed.cluster(),
            NodeVertxOptions.of(registry, parsed.busMetrics()),
            transport.transport())
        .map(vertx -> NodeVertxOptions.withNodeMeters(vertx, registry))
        .compose(
            vertx ->
                DevSecrets.ensure(vertx, parsed.auth())
                    .map(
                        secrets ->
                            new RoomcastNode(
                                vertx,
                                parsed.withAuth(secrets.auth()),
                                secrets,
                                transport,
                                registry))
                    .compose(node -> node.deployRoles().map(node))
                    .recover(err -> vertx.close().transform(v -> Future.failedFuture(err))));
  }

  private Future<Void> deployRoles() {
    // which wildcard namespaces the cluster follows: known before this node publishes anything
    return directory
        .start()
        .compose(v -> rooms.start())
        .compose(v -> cids.start())
        .compose(v -> deployHooks())
        .compose(v -> deployVerticles());
  }

  /** Webhooks first, on every node when some are configured: the other verticles emit them. */
  private Future<Void> deployHooks() {
    if (!(hooks instanceof Webhooks webhooks)) {
      return Future.succeededFuture();
    }
    return vertx
        .deployVerticle(new HooksVerticle(webhooks, occupancy, meters, departures, clock))
        .mapEmpty();
  }

  private Future<Void> deployVerticles() {
    List<Future<?>> deployments = new ArrayList<>();
    // history first: every verticle that publishes stores durable events through it
    deployments.add(vertx.deployVerticle(new HistoryVerticle(history)));
    if (config.roles().contains(Role.INGRESS)) {
      deployments.add(
          vertx.deployVerticle(
              new HttpIngressVerticle(config, client, history, registryName, rooms, cids)));
    } else { // health and metrics stay on the api port
      deployments.add(vertx.deployVerticle(new OpsVerticle(config, registryName)));
    }
    if (config.roles().contains(Role.EDGE)) {
      deployments.add(deployEdge());
    }
    if (config.roles().contains(Role.PRESENCE)) {
      deployments.add(
          vertx.deployVerticle(
              new PresenceVerticle(config.presence(), events, meters, clock, departures, hooks)));
    }
    if (config.roles().contains(Role.RELAY) && config.redis().enabled()) {
      deployments.add(
          vertx.deployVerticle(new RedisRelayVerticle(config, client, history, directory, meters)));
    }
    return Future.all(deployments).mapEmpty();
  }

  /**
   * Edge instances share one port. With port 0 the first instance picks it and the others join it,
   * so the whole node serves on one edge port.
   */
  private Future<?> deployEdge() {
    EdgeServices services = edgeServices();
    edge = services;
    int instances = config.edgeInstances();
    if (config.edge().port() != 0 || instances == 1) {
      return vertx.deployVerticle(
          () -> new EdgeVerticle(services), new DeploymentOptions().setInstances(instances));
    }
    return vertx
        .deployVerticle(new EdgeVerticle(services))
        .compose(
            id -> {
              int port = NodeInfo.get(vertx, NodeInfo.EDGE_PORT);
              return vertx.deployVerticle(
                  () -> new EdgeVerticle(services, port),
                  new DeploymentOptions().setInstances(instances - 1));
            });
  }

  /** The edge's collaborators and its node-wide hub, built once for every edge instance. */
  private EdgeServices edgeServices() {
    return EdgeServices.create(
        vertx,
        config,
        Clusters.nodeId(vertx),
        history,
        directory,
        meters,
        presence,
        client,
        rooms,
        clock,
        departures,
        cids,
        occupancy == null ? Occupancy.NONE : occupancy);
  }

  /** The edge's node-wide part (its hub, its connections), or null when the node has no edge. */
  EdgeServices edge() {
    return edge;
  }

  /** The node's history store (tests read and seed it). */
  public HistoryStore history() {
    return history;
  }

  /** Where the node puts finished envelopes on the bus (tests publish through it). */
  public RoomEvents roomEvents() {
    return events;
  }

  public NamespaceDirectory namespaces() {
    return directory;
  }

  public MeterRegistry meters() {
    return meters;
  }

  /** What this node's edge tells the presence service about its connections. */
  public PresenceClient presence() {
    return presence;
  }

  /** The node's publishing client, as the verticles use it. */
  public RoomcastClient client() {
    return client;
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

package io.roomcast.relay;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.bus.RecordCodec;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.RedisConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.relay.RelayStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Joins the cluster to Redis (README "Redis relay"). Every node with the relay role deploys it; one
 * of them, elected through a cluster-wide lock, is active: it alone subscribes to Redis, mirrors
 * room events out and answers {@link Addresses#RELAY_STATUS}. The others stand by and take over
 * when the active node leaves the cluster.
 */
public final class RedisRelayVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(RedisRelayVerticle.class.getName());
  private static final String LOCK = "roomcast.relay.active";
  private static final long ELECTION_POLL_MS = 500;

  private final RelayMetrics metrics = new RelayMetrics();
  private final RoomcastConfig config;
  private final RoomcastClient client;
  private final HistoryStore history;
  private final NamespaceDirectory directory;
  private final MeterRegistry meters;
  private Election election;
  private RedisLink link;
  private OutboundMirror outbound;
  private MessageConsumer<Object> status;

  /**
   * @param client publishes what comes in from Redis
   * @param history where streams mode looks up an entry a dead relay may have stamped
   * @param directory the mirror follows the catch-all namespace through it
   */
  public RedisRelayVerticle(
      RoomcastConfig config,
      RoomcastClient client,
      HistoryStore history,
      NamespaceDirectory directory,
      MeterRegistry meters) {
    this.config = config;
    this.client = client;
    this.history = history;
    this.directory = directory;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    if (!config.redis().enabled()) {
      return Future.failedFuture(new IllegalStateException("redis.url is not configured"));
    }
    RecordCodec.register(vertx, RelayStatus.class);
    metrics.bind(meters, () -> link != null, () -> link != null && link.session() != null);
    election = new Election(vertx, LOCK, ELECTION_POLL_MS);
    election.win().onSuccess(v -> activate());
    LOG.info("Redis relay deployed; active once elected");
    return Future.succeededFuture();
  }

  /** Stops relaying first, then resigns, so the next relay never overlaps with this one. */
  @Override
  public Future<?> stop() {
    Future<Void> stopped =
        link == null
            ? Future.succeededFuture()
            : Future.join(outbound.stop(), status.unregister(), link.close()).mapEmpty();
    return stopped.eventually(
        () -> {
          election.resign();
          return Future.succeededFuture();
        });
  }

  private void activate() {
    RedisConfig redis = config.redis();
    InboundRelay inbound =
        new InboundRelay(
            client, new InboundParser(redis.origin(), config.api().maxBodyBytes()), metrics);
    boolean streams = redis.mode() == RedisConfig.Mode.STREAMS;
    StreamInbound stream =
        new StreamInbound(
            vertx, redis.origin(), Clusters.nodeId(vertx), inbound, history, () -> link.session());
    link =
        new RedisLink(
            vertx,
            redis.url(),
            new Backoff(redis.reconnectBaseMs(), redis.reconnectCapMs()),
            streams,
            inbound::onPush,
            session -> {
              if (streams) {
                stream.run(session);
              }
            },
            metrics);
    outbound = new OutboundMirror(vertx, directory, redis.origin(), () -> link.session(), metrics);
    status = vertx.eventBus().consumer(Addresses.RELAY_STATUS, this::status);
    link.open();
    Future.all(outbound.start(), status.completion())
        .onSuccess(v -> LOG.info("Redis relay active on this node (" + mode() + " mode)"))
        .onFailure(err -> LOG.severe("Redis relay could not register on the bus: " + err));
  }

  private void status(Message<Object> request) {
    link.ping()
        .map(ms -> snapshot(RelayStatus.CONNECTED, ms, link.lastError()))
        // the failed probe is the freshest word on the outage, even before the link notices
        .otherwise(err -> snapshot(RelayStatus.DOWN, null, RedisLink.describe(err)))
        .onSuccess(request::reply);
  }

  private RelayStatus snapshot(String state, Long pingMs, String lastError) {
    return new RelayStatus(
        Clusters.nodeId(vertx),
        config.redis().origin(),
        mode(),
        state,
        pingMs,
        lastError,
        metrics.inbound.get(),
        metrics.outbound.get(),
        metrics.invalid.get(),
        metrics.dropped.get(),
        metrics.reconnects.get());
  }

  private String mode() {
    return config.redis().mode().name().toLowerCase(Locale.ROOT);
  }
}

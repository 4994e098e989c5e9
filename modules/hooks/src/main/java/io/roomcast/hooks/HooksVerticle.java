package io.roomcast.hooks;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.query.Predicates;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.metrics.Meters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.UUID;

/**
 * Webhooks on one node: opens the cluster's queue and occupancy map, hands them to the node's
 * {@link Webhooks} and {@link ClusterOccupancy} (which other verticles emit through), and sends the
 * queued entries this node owns ({@link HookDelivery}). Deployed before the verticles that emit, on
 * every node of a cluster with webhooks.
 */
public final class HooksVerticle extends VerticleBase {
  private final Webhooks webhooks;
  private final ClusterOccupancy occupancy;
  private final MeterRegistry meters;
  private final Departures departures;
  private final Clock clock;
  private final DeliveryTiming timing;
  private HookRequests requests;
  private HookDelivery delivery;
  private IMap<String, Pending> queue;
  private UUID listener;
  private long scanTimer = -1;
  private Runnable unfollow = () -> {};

  /**
   * @param occupancy the cluster's occupancy view, or null when no webhook wants it
   */
  public HooksVerticle(
      Webhooks webhooks,
      ClusterOccupancy occupancy,
      MeterRegistry meters,
      Departures departures,
      Clock clock) {
    this(webhooks, occupancy, meters, departures, clock, DeliveryTiming.DEFAULT);
  }

  HooksVerticle(
      Webhooks webhooks,
      ClusterOccupancy occupancy,
      MeterRegistry meters,
      Departures departures,
      Clock clock,
      DeliveryTiming timing) {
    this.webhooks = webhooks;
    this.occupancy = occupancy;
    this.meters = meters;
    this.departures = departures;
    this.clock = clock;
    this.timing = timing;
  }

  @Override
  public Future<?> start() {
    if (!vertx.isClustered()) {
      return Future.failedFuture("webhooks need a clustered Vert.x (Hazelcast)");
    }
    HazelcastInstance hz = Clusters.manager(vertx).getHazelcastInstance();
    String node = Clusters.nodeId(vertx);
    return vertx
        .executeBlocking(
            () -> {
              queue = PendingQueue.open(hz);
              if (occupancy != null) {
                occupancy.open(vertx, context, node, hz.getMap(Occupants.MAP), departures);
              }
              return null;
            },
            false)
        .compose(v -> deliver(hz));
  }

  private Future<Void> deliver(HazelcastInstance hz) {
    HookMetrics metrics = new HookMetrics(meters);
    Gauge.builder(Meters.WEBHOOKS_PENDING, queue, q -> q.getLocalMapStats().getOwnedEntryCount())
        .description("pending webhooks in this node's share of the cluster's queue")
        .register(meters);
    requests =
        new HookRequests(vertx, webhooks.config().timeoutMillis(), timing.maxInFlight(), clock);
    delivery =
        new HookDelivery(
            vertx, context, hz, queue, webhooks.config(), timing, metrics, clock, requests);
    return vertx
        .executeBlocking(
            () ->
                queue.addLocalEntryListener(
                    (EntryAddedListener<String, Pending>)
                        (EntryEvent<String, Pending> e) ->
                            delivery.queued(e.getKey(), e.getValue()),
                    Predicates.alwaysTrue(),
                    true),
            false)
        .map(
            id -> {
              listener = id;
              webhooks.open(queue);
              scanTimer = vertx.setPeriodic(timing.scanMillis(), t -> delivery.scan());
              unfollow = departures.onDeparture(d -> context.runOnContext(v -> delivery.scan()));
              return null;
            })
        .compose(v -> delivery.scan());
  }

  @Override
  public Future<?> stop() {
    if (delivery != null) {
      delivery.stop();
    }
    vertx.cancelTimer(scanTimer);
    unfollow.run();
    UUID id = listener;
    Future<?> unlisten =
        id == null
            ? Future.succeededFuture()
            : vertx.executeBlocking(() -> queue.removeEntryListener(id), false);
    return unlisten
        .recover(err -> Future.succeededFuture())
        .compose(v -> requests == null ? Future.succeededFuture() : requests.close());
  }

  /** Entries this node is sending or will retry (tests). */
  int active() {
    return delivery.active();
  }
}

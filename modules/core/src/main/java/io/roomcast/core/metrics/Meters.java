package io.roomcast.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * roomcast's own meter names (Prometheus adds {@code _total} to counters and turns dots into
 * underscores) and the node's registry. Labels stay low-cardinality: a transport, a kind of address
 * — never a room, user or connection id. Vert.x adds its own {@code vertx_*} meters (event bus,
 * HTTP servers, pools) to the same registry.
 */
public final class Meters {
  /** Gauge, tag {@code transport}: open browser connections on this node. */
  public static final String CONNECTIONS = "roomcast.connections";

  /**
   * Gauge, tag {@code kind} ({@code room}, {@code user}, {@code namespace}): addresses this node's
   * hub holds one cluster registration for, because local connections follow them.
   */
  public static final String HUB_TOPICS = "roomcast.hub.topics";

  /** Counter, tag {@code kind} ({@code durable}, {@code ephemeral}): events this node published. */
  public static final String EVENTS_PUBLISHED = "roomcast.events.published";

  /** Counter, tag {@code transport}: event frames handed to local connections. */
  public static final String EVENTS_DELIVERED = "roomcast.events.delivered";

  /** Counter, tag {@code transport}: frames discarded because their connection ended first. */
  public static final String FRAMES_DROPPED = "roomcast.frames.dropped";

  /** Counter, tag {@code transport}: connections closed with {@code slow_consumer}. */
  public static final String SLOW_CONSUMERS = "roomcast.slow.consumer.disconnects";

  /** Gauge: members of the Hazelcast cluster as this node sees them. */
  public static final String CLUSTER_MEMBERS = "roomcast.cluster.members";

  /**
   * Gauge, registered by the presence verticle: presence entries (connections in rooms) this node
   * owns in the cluster-wide store; summed over nodes it is the cluster's total.
   */
  public static final String PRESENCE_ENTRIES = "roomcast.presence.entries";

  /** Counter: webhooks a receiver accepted (2xx). */
  public static final String WEBHOOKS_SENT = "roomcast.webhooks.sent";

  /** Counter: webhook attempts that failed (non-2xx, timeout, refused) and were scheduled again. */
  public static final String WEBHOOKS_RETRIED = "roomcast.webhooks.retried";

  /** Counter: webhooks given up after {@code hooks.retrySeconds} of failed attempts. */
  public static final String WEBHOOKS_FAILED = "roomcast.webhooks.failed";

  /** Counter: pending webhooks dropped, oldest first, because more than maxPending waited. */
  public static final String WEBHOOKS_DROPPED = "roomcast.webhooks.dropped";

  /** Gauge: pending webhooks in this node's share of the cluster's queue. */
  public static final String WEBHOOKS_PENDING = "roomcast.webhooks.pending";

  public static final String TAG_TRANSPORT = "transport";
  public static final String TAG_KIND = "kind";

  private static final String MAP = "roomcast.metrics";
  private static final String REGISTRY = "registry";
  private static final MeterRegistry NONE = new CompositeMeterRegistry();

  private Meters() {}

  /**
   * Remembers which Micrometer registry belongs to {@code vertx} (each node has its own). This and
   * the two look-ups below are for the node's wiring: it reads the registry once and hands it to
   * the parts that count.
   */
  public static void bind(Vertx vertx, String registryName) {
    vertx.sharedData().<String, String>getLocalMap(MAP).put(REGISTRY, registryName);
  }

  /** The name given to {@link #bind}, or null when metrics are off. */
  public static String registryName(Vertx vertx) {
    LocalMap<String, String> map = vertx.sharedData().getLocalMap(MAP);
    return map.get(REGISTRY);
  }

  /**
   * The node's registry; when metrics are off, a registry without backends, so callers never check
   * for null and meters cost next to nothing.
   */
  public static MeterRegistry registry(Vertx vertx) {
    String name = registryName(vertx);
    MeterRegistry registry = name == null ? null : BackendRegistries.getNow(name);
    return registry == null ? NONE : registry;
  }
}

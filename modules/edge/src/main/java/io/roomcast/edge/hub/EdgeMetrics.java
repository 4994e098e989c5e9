package io.roomcast.edge.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.metrics.Meters;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The edge's meters on one node (README "Operations"): connections by transport, hub topics by
 * kind, frames handed to connections, frames dropped and slow consumers cut off. Counting is a
 * plain atomic add; gauges read the counts when scraped.
 */
public final class EdgeMetrics implements Shareable {
  public static final String SSE = "sse";
  public static final String WS = "ws";
  public static final String SOCKJS = "sockjs";
  public static final String OTHER = "other";
  private static final String MAP = "roomcast.edge.metrics";

  private final Map<String, AtomicInteger> connections =
      Map.of(
          SSE, new AtomicInteger(),
          WS, new AtomicInteger(),
          SOCKJS, new AtomicInteger(),
          OTHER, new AtomicInteger());
  private final Map<String, AtomicInteger> topics =
      Map.of(
          "room",
          new AtomicInteger(),
          "user",
          new AtomicInteger(),
          "namespace",
          new AtomicInteger());
  private final Counter delivered;
  private final Counter dropped;
  private final Counter slowConsumers;

  /** Counters are idempotent in Micrometer (the same id gives the same counter); gauges are not. */
  private EdgeMetrics(MeterRegistry registry) {
    delivered =
        Counter.builder(Meters.EVENTS_DELIVERED)
            .description("event frames handed to local connections")
            .register(registry);
    dropped =
        Counter.builder(Meters.FRAMES_DROPPED)
            .description("frames discarded because their connection fell behind or ended")
            .register(registry);
    slowConsumers =
        Counter.builder(Meters.SLOW_CONSUMERS)
            .description("connections closed with slow_consumer")
            .register(registry);
  }

  /**
   * The node's edge meters. Gauges are registered once, by whichever hub wins the race to create
   * them: a gauge registered twice only logs a warning and reads the first object.
   */
  static EdgeMetrics of(Vertx vertx) {
    MeterRegistry registry = Meters.registry(vertx);
    EdgeMetrics created = new EdgeMetrics(registry);
    EdgeMetrics existing =
        vertx.sharedData().<String, EdgeMetrics>getLocalMap(MAP).putIfAbsent(MAP, created);
    if (existing != null) {
      return existing;
    }
    created.registerGauges(registry);
    return created;
  }

  private void registerGauges(MeterRegistry registry) {
    connections.forEach(
        (transport, n) ->
            Gauge.builder(Meters.CONNECTIONS, n, AtomicInteger::get)
                .description("open browser connections on this node")
                .tag(Meters.TAG_TRANSPORT, transport)
                .register(registry));
    topics.forEach(
        (kind, n) ->
            Gauge.builder(Meters.HUB_TOPICS, n, AtomicInteger::get)
                .description("addresses with local subscribers: one bus registration each")
                .tag(Meters.TAG_KIND, kind)
                .register(registry));
  }

  public void opened(String transport) {
    count(transport).incrementAndGet();
  }

  public void closed(String transport) {
    count(transport).decrementAndGet();
  }

  public void delivered(int frames) {
    delivered.increment(frames);
  }

  /** {@code frames} discarded from a connection's queue; {@code slow} when it overflowed. */
  public void dropped(int frames, boolean slow) {
    if (frames > 0) {
      dropped.increment(frames);
    }
    if (slow) {
      slowConsumers.increment();
    }
  }

  void topicOpened(String address) {
    topics.get(kind(address)).incrementAndGet();
  }

  void topicClosed(String address) {
    topics.get(kind(address)).decrementAndGet();
  }

  private AtomicInteger count(String transport) {
    AtomicInteger n = connections.get(transport);
    return n == null ? connections.get(OTHER) : n;
  }

  private static String kind(String address) {
    if (Addresses.roomOf(address) != null) {
      return "room";
    }
    return Addresses.userOf(address) != null ? "user" : "namespace";
  }
}

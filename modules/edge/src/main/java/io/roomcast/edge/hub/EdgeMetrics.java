package io.roomcast.edge.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.metrics.Meters;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The edge's meters on one node (README "Operations"): connections by transport, hub topics by
 * kind, frames handed to connections, frames dropped and slow consumers cut off. Counting is a
 * plain atomic add; gauges read the counts when scraped.
 */
public final class EdgeMetrics {
  public static final String SSE = "sse";
  public static final String WS = "ws";
  public static final String SOCKJS = "sockjs";
  public static final String OTHER = "other";

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

  /** Registers the meters; one instance per node (a gauge registered twice reads the first). */
  public EdgeMetrics(MeterRegistry registry) {
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
    registerGauges(registry);
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

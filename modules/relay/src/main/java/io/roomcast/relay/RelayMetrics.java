package io.roomcast.relay;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The relay's counters: kept here always, reported in {@code RelayStatus}, and bound to a
 * Micrometer registry as {@code roomcast_relay_*} when the node has one.
 */
final class RelayMetrics {
  final AtomicLong inbound = new AtomicLong();
  final AtomicLong outbound = new AtomicLong();
  final AtomicLong invalid = new AtomicLong();
  final AtomicLong echoes = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong reconnects = new AtomicLong();

  void bind(MeterRegistry registry, BooleanSupplier active, BooleanSupplier connected) {
    counter(
        registry, "roomcast.relay.inbound", "Redis messages published into the cluster", inbound);
    counter(registry, "roomcast.relay.outbound", "cluster room events mirrored to Redis", outbound);
    counter(registry, "roomcast.relay.invalid", "Redis messages refused as invalid", invalid);
    counter(registry, "roomcast.relay.echoes", "own mirrored events ignored on return", echoes);
    counter(registry, "roomcast.relay.dropped", "events not mirrored: Redis unreachable", dropped);
    counter(registry, "roomcast.relay.reconnects", "Redis reconnect attempts", reconnects);
    Gauge.builder("roomcast.relay.active", () -> active.getAsBoolean() ? 1 : 0)
        .description("1 on the node whose relay is active, 0 on standbys")
        .register(registry);
    Gauge.builder("roomcast.relay.connected", () -> connected.getAsBoolean() ? 1 : 0)
        .description("1 while the active relay's Redis connections are up")
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry, String name, String description, AtomicLong value) {
    FunctionCounter.builder(name, value, AtomicLong::get)
        .description(description)
        .register(registry);
  }
}

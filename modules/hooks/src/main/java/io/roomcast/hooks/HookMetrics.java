package io.roomcast.hooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.metrics.Meters;

/** The webhook counters of one node (no per-receiver or per-room labels). */
final class HookMetrics {
  final Counter sent;
  final Counter retried;
  final Counter failed;
  final Counter dropped;

  HookMetrics(MeterRegistry registry) {
    sent = counter(registry, Meters.WEBHOOKS_SENT, "webhooks a receiver accepted");
    retried = counter(registry, Meters.WEBHOOKS_RETRIED, "failed webhook attempts retried later");
    failed = counter(registry, Meters.WEBHOOKS_FAILED, "webhooks given up after retrySeconds");
    dropped =
        counter(registry, Meters.WEBHOOKS_DROPPED, "pending webhooks dropped over maxPending");
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }
}

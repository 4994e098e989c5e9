package io.roomcast.server;

import io.micrometer.core.instrument.Gauge;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.metrics.Meters;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/** A node's Vert.x options and the node-wide meters bound to its registry once it runs. */
final class NodeVertxOptions {
  private NodeVertxOptions() {}

  /**
   * Vert.x metrics in the named Micrometer registry, exposed for Prometheus; the event-bus meters
   * only when {@code busMetrics} asks for them, then per address (a diagnosis setting: one series
   * per room address).
   */
  static VertxOptions of(String registry, boolean busMetrics) {
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setRegistryName(registry)
            // the api and edge servers differ only by their local address
            .addLabels(Label.LOCAL)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    if (busMetrics) {
      metrics.addLabels(Label.EB_ADDRESS);
    } else {
      // they look their counters up on every message, each room event included (4% of a chat
      // message's CPU); roomcast counts its events itself
      metrics.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    }
    return new VertxOptions().setMetricsOptions(metrics);
  }

  /** Binds the node's registry and registers node-wide meters. */
  static Vertx withNodeMeters(Vertx vertx, String registry) {
    Meters.bind(vertx, registry);
    var hz = Clusters.manager(vertx).getHazelcastInstance();
    Gauge.builder(Meters.CLUSTER_MEMBERS, hz, h -> h.getCluster().getMembers().size())
        .description("members of the Hazelcast cluster, as this node sees them")
        .register(Meters.registry(vertx));
    return vertx;
  }
}

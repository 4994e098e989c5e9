package io.roomcast.ingress;

import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;

/** The node's health checks: {@code /health} answers 503 as soon as one of them is down. */
final class Health {
  private Health() {}

  static HealthChecks checks(Vertx vertx) {
    return HealthChecks.create(vertx)
        .register("cluster", 5_000, ClusterHealthCheck.createProcedure(vertx));
  }
}

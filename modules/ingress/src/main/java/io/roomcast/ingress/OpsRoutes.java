package io.roomcast.ingress;

import io.roomcast.core.config.RoomcastConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * What operators read on the api port: {@code GET /health} (200 or 503 with the checks) and {@code
 * GET /metrics} (Prometheus text, the node's own registry). Every node serves both, whatever its
 * roles.
 */
final class OpsRoutes {
  private OpsRoutes() {}

  static void mount(Vertx vertx, Router router, RoomcastConfig config, String registry) {
    router
        .get("/health")
        .handler(HealthCheckHandler.createWithHealthChecks(Health.checks(vertx, config)));
    if (registry != null) { // metrics off (an embedded node): /metrics is a 404
      router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
  }
}

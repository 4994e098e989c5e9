package io.roomcast.ingress;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.NodeInfo;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.core.http.HttpServers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The api port of a node without the ingress role (an edge-only node, say): {@code /health} and
 * {@code /metrics} only, so probes and scrapers treat every node alike. Nothing can be published
 * through it.
 */
public final class OpsVerticle extends VerticleBase {
  private final RoomcastConfig cfg;
  private final String metricsRegistry;
  private HttpServer server;

  /**
   * @param metricsRegistry the node's Micrometer registry; null when metrics are off
   */
  public OpsVerticle(RoomcastConfig config, String metricsRegistry) {
    this.cfg = config;
    this.metricsRegistry = metricsRegistry;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    OpsRoutes.mount(vertx, router, cfg, metricsRegistry);
    router
        .route()
        .last()
        .handler(
            ctx ->
                HttpErrors.send(
                    ctx, ErrorCode.NOT_FOUND.exception("this node serves /health and /metrics")));
    router.route().failureHandler(HttpErrors.failureHandler());
    server =
        HttpServers.create(
            vertx, cfg.api().headerTimeoutSeconds(), cfg.api().idleTimeoutSeconds(), router);
    return server
        .listen(cfg.api().port(), cfg.api().host())
        .onSuccess(s -> NodeInfo.put(vertx, NodeInfo.API_PORT, s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }
}

package io.roomcast.edge;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.NodeInfo;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.core.http.HttpServers;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.edge.sockjs.SockJsBridge;
import io.roomcast.edge.sse.SseHandler;
import io.roomcast.edge.ws.WsHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.concurrent.TimeUnit;

/**
 * The browser-facing door (edge port): SSE streams, the WebSocket protocol, the SockJS event-bus
 * bridge and the demo page, all fed by the node's {@link NodeHub}. Several instances share the
 * port, one per event loop; all share one hub.
 */
public final class EdgeVerticle extends VerticleBase {
  private static final long SHUTDOWN_GRACE_SECONDS = 5;

  private HttpServer server;
  private Connections connections;

  @Override
  public Future<?> start() {
    RoomcastConfig cfg = RoomcastConfig.from(config());
    EdgeConfig edge = cfg.edge();
    Authenticator auth = new Authenticator(vertx, cfg.auth());
    String nodeId = Clusters.nodeId(vertx);
    NodeHub hub = NodeHub.of(vertx);
    RoomcastClient client = RoomcastClient.create(vertx);
    Snapshots snapshots = new Snapshots(vertx.eventBus());
    connections =
        new Connections(
            vertx, sweepMs(edge), cfg.presence().heartbeatSeconds() * 1000L, hub.presence());
    Edge doors = new Edge(auth, hub, connections, snapshots, client, edge, cfg.limits(), nodeId);
    SseHandler sse = new SseHandler(doors);
    WsHandler ws = new WsHandler(doors);

    Router router = Router.router(vertx);
    router.get("/rooms/:room/events").handler(sse::room);
    router.get("/users/me/events").handler(sse::inbox);
    router.get("/ws").handler(ws::handle);
    new SockJsBridge(doors).mount(vertx, router);
    StaticHandler files = StaticHandler.create("roomcast-web").setIndexPage("index.html");
    router.get("/*").handler(ctx -> staticFile(ctx, files));
    router.route().last().handler(ctx -> HttpErrors.send(ctx, notFound()));
    router.route().failureHandler(HttpErrors.failureHandler());

    server =
        HttpServers.create(vertx, edge.headerTimeoutSeconds(), edge.idleTimeoutSeconds(), router);
    return hub.servePushes(nodeId)
        .compose(v -> server.listen(edge.port(), edge.host()))
        .onSuccess(s -> NodeInfo.put(vertx, NodeInfo.EDGE_PORT, s.actualPort()));
  }

  /** Final frames to every client (reconnect elsewhere), then stop accepting and drain. */
  @Override
  public Future<?> stop() {
    connections.closeAll("node is shutting down; reconnect");
    return server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  /** Sweep often enough that keepalives and timeouts fire within a tenth of their period. */
  static long sweepMs(EdgeConfig edge) {
    long shortest = Math.min(edge.keepaliveSeconds(), edge.pingSeconds()) * 1000L;
    return Math.max(100, Math.min(1000, shortest / 10));
  }

  /**
   * The demo page's files, for paths that normalize to a file path: the static handler fails on one
   * that normalizes to nothing (such as {@code /..%2f}), which is simply not found.
   */
  private static void staticFile(RoutingContext ctx, StaticHandler files) {
    String path = ctx.normalizedPath();
    if (path == null || path.isEmpty() || path.charAt(0) != '/' || path.contains("%")) {
      HttpErrors.send(ctx, notFound());
    } else {
      files.handle(ctx);
    }
  }

  private static RuntimeException notFound() {
    return ErrorCode.NOT_FOUND.exception("no such resource");
  }
}

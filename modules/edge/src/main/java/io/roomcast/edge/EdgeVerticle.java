package io.roomcast.edge;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.NodeInfo;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.core.http.HttpServers;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.InstanceConnections;
import io.roomcast.edge.connection.Snapshots;
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
 * bridge and the demo page, all fed by the node's hub. Several instances share the port, one per
 * event loop; all share the one {@link EdgeServices} of their node.
 */
public final class EdgeVerticle extends VerticleBase {
  private static final long SHUTDOWN_GRACE_SECONDS = 5;

  private final EdgeServices services;
  private final int port;
  private HttpServer server;
  private InstanceConnections connections;
  private ClientFiles clientFiles;

  /** An instance on the configured edge port. */
  public EdgeVerticle(EdgeServices services) {
    this(services, services.edge().port());
  }

  /** An instance on {@code port} (the port a first instance picked when configured with 0). */
  public EdgeVerticle(EdgeServices services, int port) {
    this.services = services;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    EdgeConfig edge = services.edge();
    Authenticator auth = new Authenticator(vertx, services.auth());
    connections =
        new InstanceConnections(
            vertx, sweepMs(edge), services.heartbeatMs(), services.presence(), services.clock());
    Edge doors = new Edge(services, auth, connections, new Snapshots(vertx.eventBus()));
    SseHandler sse = new SseHandler(doors);
    WsHandler ws = new WsHandler(doors);

    Router router = Router.router(vertx);
    router.get("/rooms/:room/events").handler(sse::room);
    router.get("/users/me/events").handler(sse::inbox);
    router.get("/events").handler(sse::multi);
    router.get("/ws").handler(ws::handle);
    router.get("/client/:file").handler(ctx -> clientFiles.handle(ctx));
    new SockJsBridge(doors).mount(vertx, router);
    StaticHandler files = StaticHandler.create("roomcast-web").setIndexPage("index.html");
    router.get("/*").handler(ctx -> staticFile(ctx, files));
    router.route().last().handler(ctx -> HttpErrors.send(ctx, notFound()));
    router.route().failureHandler(HttpErrors.failureHandler());

    server =
        HttpServers.create(vertx, edge.headerTimeoutSeconds(), edge.idleTimeoutSeconds(), router);
    return ClientFiles.load(vertx)
        .onSuccess(loaded -> clientFiles = loaded)
        .compose(v -> services.pushes().serve())
        .compose(v -> services.control().serve())
        .compose(v -> services.nodeRooms().serve())
        .compose(v -> server.listen(port, edge.host()))
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

package io.roomcast.bench.floor;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The bare Vert.x floor: the same WebSocket fan-out as roomcast with nothing on top (no auth,
 * envelopes, presence, metrics or cluster). {@code ws://…/ws?room=R} joins R; {@code POST
 * /publish/R} writes the body as a text frame to every socket in R, on every event loop, via the
 * local bus. One instance per core, like roomcast's edge.
 */
public final class Floor extends VerticleBase {
  private static final String ADDRESS = "floor.publish";

  private final Map<String, Set<ServerWebSocket>> rooms = new HashMap<>();
  private final int port;

  Floor(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 8090;
    // the same transport as roomcast (epoll on Linux), so the difference is roomcast's own
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    int cores = Runtime.getRuntime().availableProcessors();
    DeploymentOptions options = new DeploymentOptions().setInstances(cores);
    vertx
        .deployVerticle(() -> new Floor(port), options)
        .onSuccess(id -> System.out.println("listening " + port))
        .onFailure(err -> System.exit(1));
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<String>localConsumer(ADDRESS, m -> fanOut(m.headers().get("room"), m.body()));
    return vertx
        .createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setIdleTimeout(0))
        .webSocketHandler(this::join)
        .requestHandler(this::publish)
        .listen(port, "127.0.0.1");
  }

  private void join(ServerWebSocket ws) {
    String room = ws.query() == null ? "" : ws.query().replaceFirst("^room=", "");
    rooms.computeIfAbsent(room, r -> new HashSet<>()).add(ws);
    ws.closeHandler(v -> rooms.get(room).remove(ws));
  }

  private void publish(HttpServerRequest req) {
    if (!req.path().startsWith("/publish/")) {
      req.response().setStatusCode(404).end();
      return;
    }
    String room = req.path().substring("/publish/".length());
    req.body()
        .onSuccess(
            (Buffer body) -> {
              vertx
                  .eventBus()
                  .publish(ADDRESS, body.toString(), new DeliveryOptions().addHeader("room", room));
              req.response().setStatusCode(202).end();
            });
  }

  private void fanOut(String room, String text) {
    Set<ServerWebSocket> sockets = rooms.get(room);
    if (sockets != null) {
      for (ServerWebSocket ws : sockets) {
        ws.writeTextMessage(text);
      }
    }
  }
}

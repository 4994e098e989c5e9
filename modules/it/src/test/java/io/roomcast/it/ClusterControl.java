package io.roomcast.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP endpoint on loopback through which test scripts in other languages (Node, the browser
 * driver) see and steer a {@link LocalCluster}: {@code GET /nodes} lists each node's ports and
 * whether it runs; {@code POST /nodes/{i}/kill} (SIGKILL), {@code /stop} (SIGTERM) and {@code
 * /start} (again on its ports, answered once it is back in the cluster) act on node {@code i},
 * 1-based. One request at a time, so a script's steps happen in its order.
 */
final class ClusterControl implements AutoCloseable {
  private static final Pattern ACTION = Pattern.compile("/nodes/(\\d+)/(kill|stop|start)");

  private final LocalCluster cluster;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  private ClusterControl(LocalCluster cluster, HttpServer server) {
    this.cluster = cluster;
    this.server = server;
    server.setExecutor(executor);
  }

  static ClusterControl start(LocalCluster cluster) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ClusterControl control = new ClusterControl(cluster, server);
      server.createContext("/nodes", control::handle);
      server.start();
      return control;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    try {
      if (ex.getRequestMethod().equals("GET") && path.equals("/nodes")) {
        answer(ex, 200, nodes().encode());
        return;
      }
      Matcher m = ACTION.matcher(path);
      if (!ex.getRequestMethod().equals("POST") || !m.matches()) {
        answer(ex, 404, "{\"error\":\"no such control\"}");
        return;
      }
      int i = Integer.parseInt(m.group(1));
      if (i < 1 || i > cluster.nodes.size()) {
        answer(ex, 404, "{\"error\":\"no such node\"}");
        return;
      }
      NodeProcess node = cluster.node(i);
      switch (m.group(2)) {
        case "kill" -> node.kill();
        case "stop" -> node.terminate(60);
        default -> restart(node);
      }
      answer(ex, 200, nodes().encode());
    } catch (RuntimeException | AssertionError e) {
      answer(ex, 500, new JsonObject().put("error", String.valueOf(e)).encode());
    }
  }

  /** Starts {@code node} and waits until every running node counts every running member. */
  private void restart(NodeProcess node) {
    if (node.alive()) {
      return;
    }
    node.start().awaitReady(LocalCluster.START_SECONDS);
    long alive = cluster.nodes.stream().filter(NodeProcess::alive).count();
    cluster.nodes.stream()
        .filter(NodeProcess::alive)
        .forEach(n -> cluster.awaitMembers(n, (int) alive));
  }

  private JsonArray nodes() {
    JsonArray list = new JsonArray();
    for (NodeProcess n : cluster.nodes) {
      list.add(
          new JsonObject()
              .put("name", n.name)
              .put("api", n.apiPort)
              .put("edge", n.edgePort)
              .put("alive", n.alive()));
    }
    return list;
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

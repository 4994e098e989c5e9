package io.roomcast.it;

import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Three roomcast nodes on 127.0.0.1, each its own JVM from the fat jar, configured only through
 * {@code ROOMCAST_*} variables: a cluster name of their own, one Hazelcast base port (each node
 * takes the next free one), free api and edge ports. Plus an HTTP client speaking to them.
 */
final class LocalCluster implements AutoCloseable {
  static final long START_SECONDS = 120;

  final List<NodeProcess> nodes = new ArrayList<>();
  final Vertx vertx = Vertx.vertx();
  final WebClient http = WebClient.create(vertx);
  final String name = "it-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
  final int clusterPort = freeBlock(10);

  /** Starts {@code count} nodes: the first alone, then the others joining it. */
  static LocalCluster start(int count) {
    LocalCluster cluster = new LocalCluster();
    try {
      Path logs = Files.createDirectories(Path.of(System.getProperty("roomcast.it.logs")));
      // a private copy: a concurrent rebuild of the server module must not swap the jar mid-run
      Path jar =
          Files.copy(
              Path.of(System.getProperty("roomcast.jar")),
              logs.resolve("roomcast.jar"),
              StandardCopyOption.REPLACE_EXISTING);
      Map<String, String> env = cluster.env();
      for (int i = 1; i <= count; i++) {
        cluster.nodes.add(new NodeProcess("node" + i, jar, freePort(), freePort(), env, logs));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    NodeProcess first = cluster.nodes.get(0).start();
    first.awaitReady(START_SECONDS);
    cluster.nodes.subList(1, count).forEach(NodeProcess::start);
    cluster.nodes.subList(1, count).forEach(n -> n.awaitReady(START_SECONDS));
    cluster.nodes.forEach(n -> cluster.awaitMembers(n, count));
    return cluster;
  }

  private Map<String, String> env() {
    return Map.of(
        "ROOMCAST_CLUSTER_NAME", name,
        "ROOMCAST_CLUSTER_HOST", "127.0.0.1",
        "ROOMCAST_CLUSTER_PORT", Integer.toString(clusterPort),
        "ROOMCAST_CLUSTER_MEMBERS", "127.0.0.1",
        "ROOMCAST_API_HOST", "127.0.0.1",
        "ROOMCAST_EDGE_HOST", "127.0.0.1",
        "ROOMCAST_EDGE_INSTANCES", "1",
        "ROOMCAST_OFFLINE_GRACE_SECONDS", "1",
        "ROOMCAST_JWT_SECRET", TestConfig.JWT_SECRET,
        "ROOMCAST_API_KEY", TestConfig.API_KEY);
  }

  NodeProcess node(int i) {
    return nodes.get(i - 1);
  }

  /** Waits until {@code node} reports {@code count} cluster members on {@code /metrics}. */
  void awaitMembers(NodeProcess node, int count) {
    Await.until(
        Duration.ofSeconds(60),
        node.name + " sees " + count + " members",
        () -> gauge(node, "roomcast_cluster_members") == count);
  }

  /** The value of a Prometheus sample line starting with {@code series}, or -1. */
  double gauge(NodeProcess node, String series) {
    try {
      for (String line : get(node, "/metrics").bodyAsString().split("\n")) {
        if (line.startsWith(series + " ")) {
          return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
      }
    } catch (RuntimeException | AssertionError e) {
      // not answering yet
    }
    return -1;
  }

  HttpResponse<Buffer> get(NodeProcess node, String path) {
    return Await.result(
        http.get(node.apiPort, "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + TestConfig.API_KEY)
            .timeout(10_000)
            .send(),
        15);
  }

  HttpResponse<Buffer> post(NodeProcess node, String path, JsonObject body) {
    return Await.result(
        http.post(node.apiPort, "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + TestConfig.API_KEY)
            .timeout(10_000)
            .sendJsonObject(body),
        15);
  }

  /** Publishes a {@code message} and returns the 202 body; fails on any other answer. */
  JsonObject publish(NodeProcess node, String room, JsonObject data) {
    HttpResponse<Buffer> r =
        post(
            node,
            "/api/rooms/" + room + "/events",
            new JsonObject().put("type", "message").put("data", data));
    if (r.statusCode() != 202) {
      throw new AssertionError(node.name + " answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  String token(String user, List<String> rooms) {
    return TestConfig.token(vertx, user, rooms, List.of());
  }

  @Override
  public void close() {
    nodes.forEach(NodeProcess::destroy);
    http.close();
    Await.result(vertx.close());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A base port whose next {@code size} ports are free now (Hazelcast auto-increments). */
  static int freeBlock(int size) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (allFree(base, size)) {
        return base;
      }
    }
    throw new IllegalStateException("no block of " + size + " free ports");
  }

  private static boolean allFree(int base, int size) {
    for (int p = base; p < base + size; p++) {
      try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}

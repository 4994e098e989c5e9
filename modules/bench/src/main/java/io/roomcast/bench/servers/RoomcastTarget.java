package io.roomcast.bench.servers;

import io.roomcast.bench.client.PublishTarget;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One or more roomcast nodes from {@code modules/server/target/roomcast.jar}, each with a generated
 * config (free loopback ports, a cluster name of the run's own, fresh credentials), all roles on.
 * With several nodes, events are published on the first node and subscribers use the others.
 */
public final class RoomcastTarget implements Target {
  private final List<Node> nodes;
  private final String jwtSecret;
  private final String apiKey;
  private final String transport;

  private record Node(ServerProcess process, int apiPort, int edgePort) {}

  private RoomcastTarget(List<Node> nodes, String jwtSecret, String apiKey, String transport) {
    this.nodes = nodes;
    this.jwtSecret = jwtSecret;
    this.apiKey = apiKey;
    this.transport = transport;
  }

  public static RoomcastTarget start(Launch launch, int nodeCount) {
    return start(launch, nodeCount, new JsonObject());
  }

  /** Like {@link #start(Launch, int)}, with {@code extra} merged into every node's config. */
  public static RoomcastTarget start(Launch launch, int nodeCount, JsonObject extra) {
    Path jar = launch.roomcastJar();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it with `mvn -B -DskipTests package`");
    }
    String cluster = "bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
    String secret = random(24);
    String apiKey = random(16);
    List<Integer> hzPorts = new ArrayList<>();
    JsonArray members = new JsonArray();
    for (int i = 0; i < nodeCount; i++) {
      int p = Ports.free();
      hzPorts.add(p);
      members.add("127.0.0.1:" + p);
    }
    List<Node> nodes = new ArrayList<>();
    RoomcastTarget target = new RoomcastTarget(nodes, secret, apiKey, launch.roomcastTransport());
    try {
      for (int i = 0; i < nodeCount; i++) {
        nodes.add(startNode(launch, i, cluster, hzPorts.get(i), members, secret, apiKey, extra));
        if (i == 0) {
          awaitReady(nodes.get(0), target.transport);
        }
      }
      nodes.forEach(n -> awaitReady(n, target.transport));
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  private static Node startNode(
      Launch launch,
      int index,
      String cluster,
      int hzPort,
      JsonArray members,
      String secret,
      String apiKey,
      JsonObject extra) {
    int api = Ports.free();
    int edge = Ports.free();
    JsonObject config =
        new JsonObject()
            .put("api", new JsonObject().put("host", "127.0.0.1").put("port", api))
            .put("edge", new JsonObject().put("host", "127.0.0.1").put("port", edge))
            .put(
                "cluster",
                new JsonObject()
                    .put("name", cluster)
                    .put("host", "127.0.0.1")
                    .put("port", hzPort)
                    .put("members", members))
            .put("auth", new JsonObject().put("jwtSecret", secret).put("apiKey", apiKey));
    config.mergeIn(extra, true);
    Path conf = launch.logs().resolve("roomcast-" + index + ".json");
    try {
      Files.createDirectories(conf.getParent());
      Files.writeString(conf, config.encodePrettily());
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + conf, e);
    }
    List<String> cmd = new ArrayList<>(launch.java());
    cmd.addAll(List.of("-jar", launch.roomcastJar().toString(), "--conf", conf.toString()));
    Map<String, String> env =
        Map.of(
            "ROOMCAST_CLUSTER_NAME", cluster,
            "ROOMCAST_JWT_SECRET", secret,
            "ROOMCAST_API_KEY", apiKey,
            "ROOMCAST_TRANSPORT", launch.roomcastTransport());
    ServerProcess p =
        ServerProcess.start(
            "roomcast-" + index,
            cmd,
            env,
            launch.logs().resolve("roomcast-" + index + ".log"),
            launch.root());
    return new Node(p, api, edge);
  }

  /** Up, and on the transport asked for: a fallen-back node would measure another transport. */
  private static void awaitReady(Node node, String transport) {
    Ready.await(node.process, node.apiPort, "/health", s -> s == 200, Duration.ofSeconds(120));
    Ready.await(node.process, node.edgePort, "/", s -> s > 0, Duration.ofSeconds(30));
    if (transport.equals("auto")) {
      return;
    }
    // the ready log follows the health check's first 200 by a few milliseconds
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String runs = runningTransport(node.process);
    while (runs.equals("?") && System.nanoTime() < deadline && node.process.isAlive()) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      runs = runningTransport(node.process);
    }
    if (!transport.equals(runs)) {
      throw new IllegalStateException(
          node.process.name() + " was asked for " + transport + " but runs " + runs);
    }
  }

  /** The first word of the ready log's {@code transport} line, or "?" before it is logged. */
  static String runningTransport(ServerProcess process) {
    try {
      for (String line : Files.readAllLines(process.log())) {
        String t = line.trim();
        if (t.startsWith("transport ")) {
          return t.substring("transport".length()).trim().split("\\s+")[0];
        }
      }
    } catch (IOException e) {
      return "?";
    }
    return "?";
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public String jwtSecret() {
    return jwtSecret;
  }

  @Override
  public String name() {
    String base = nodes.size() == 1 ? "roomcast" : "roomcast x" + nodes.size();
    return transport.equals("auto") ? base : base + "/" + transport;
  }

  @Override
  public PublishTarget publish() {
    return PublishTarget.roomcast(nodes.get(0).apiPort, apiKey);
  }

  @Override
  public List<Integer> edgePorts() {
    List<Node> edges = nodes.size() == 1 ? nodes : nodes.subList(1, nodes.size());
    return edges.stream().map(Node::edgePort).toList();
  }

  @Override
  public List<Integer> memberPorts() {
    return nodes.stream().map(Node::edgePort).toList();
  }

  /** {@code Bearer <api key>} for the api port. */
  public String authorization() {
    return "Bearer " + apiKey;
  }

  public int apiPort() {
    return nodes.get(0).apiPort;
  }

  @Override
  public List<ServerProcess> processes() {
    return nodes.stream().map(Node::process).toList();
  }

  @Override
  public MemorySample memory() {
    MemorySample sum = new MemorySample(0, 0);
    for (Node n : nodes) {
      sum = sum.plus(new JvmProbe(n.process.pid()).memoryAfterGc());
    }
    return sum;
  }

  /** The node JFR profiles: the one that takes publishes (all of it on a single node). */
  public JvmProbe profiled() {
    return new JvmProbe(nodes.get(0).process.pid());
  }

  /** Leaves one node at a time (graceful leave keeps the others from re-partitioning at once). */
  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).process.close();
    }
  }
}

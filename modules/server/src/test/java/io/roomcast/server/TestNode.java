package io.roomcast.server;

import com.hazelcast.core.HazelcastInstance;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A real roomcast node on free ports for tests, plus clients speaking to it. */
final class TestNode implements AutoCloseable {
  static final String TRANSPORT_PROPERTY = "roomcast.test.transport";

  final RoomcastNode node;
  final WebClient http;

  private TestNode(RoomcastNode node) {
    this.node = node;
    this.http = WebClient.create(node.vertx());
  }

  static TestNode start(String cluster) {
    return start(cluster, c -> {});
  }

  /** Starts {@code n} nodes that form one cluster of their own. */
  static List<TestNode> cluster(int n) {
    return cluster(n, c -> {});
  }

  /** {@code n} nodes of one fresh cluster, each config adjusted by {@code tweak} first. */
  static List<TestNode> cluster(int n, Consumer<JsonObject> tweak) {
    String cluster = TestConfig.clusterName();
    List<TestNode> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(start(cluster, tweak));
    }
    return nodes;
  }

  /**
   * Starts a node whose config {@code tweak} may adjust first. {@code -Droomcast.test.transport=}
   * {@code io_uring|epoll|nio} runs every test node on that Netty transport; a node asked for a
   * transport that then runs on another one fails the test.
   */
  static TestNode start(String cluster, Consumer<JsonObject> tweak) {
    JsonObject config = TestConfig.node(cluster);
    String transport = System.getProperty(TRANSPORT_PROPERTY);
    if (transport != null && !transport.isBlank()) {
      config.getJsonObject("node").put("transport", transport);
    }
    tweak.accept(config);
    TestNode node = new TestNode(Await.result(RoomcastNode.start(config), 90));
    String asked = config.getJsonObject("node").getString("transport", "auto");
    if (!asked.equals("auto") && !node.node.transport().equals(asked)) {
      String runs = node.node.transport();
      node.close();
      throw new AssertionError("a test node asked for " + asked + " runs " + runs);
    }
    return node;
  }

  Vertx vertx() {
    return node.vertx();
  }

  /** This node's Hazelcast member: to look into its maps, or to kill it without a goodbye. */
  HazelcastInstance hazelcast() {
    return Clusters.manager(vertx()).getHazelcastInstance();
  }

  /** Closes every node; one whose member was killed may not close cleanly, which is expected. */
  static void closeAll(List<TestNode> nodes) {
    for (TestNode n : nodes) {
      try {
        n.close();
      } catch (RuntimeException | AssertionError e) {
        // its member is gone: nothing left to close
      }
    }
  }

  String token(String user, List<String> rooms, List<String> pub) {
    return TestConfig.token(vertx(), user, rooms, pub);
  }

  SseClient sse(String path) {
    return SseClient.open(vertx(), node.edgePort(), path);
  }

  /** POST with the API key. */
  HttpResponse<Buffer> post(String path, String body) {
    return post(path, body, TestConfig.API_KEY);
  }

  HttpResponse<Buffer> post(String path, String body, String bearer) {
    var req = http.post(node.apiPort(), "127.0.0.1", path);
    if (bearer != null) {
      req.putHeader("Authorization", "Bearer " + bearer);
    }
    return Await.result(req.sendBuffer(Buffer.buffer(body)));
  }

  HttpResponse<Buffer> get(String path) {
    return Await.result(
        http.get(node.apiPort(), "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + TestConfig.API_KEY)
            .send());
  }

  /** Publishes {@code {"type":"message","data":data}} into {@code room} and returns the reply. */
  JsonObject publish(String room, JsonObject data) {
    HttpResponse<Buffer> r =
        post(
            "/api/rooms/" + room + "/events",
            new JsonObject().put("type", "message").put("data", data).encode());
    if (r.statusCode() != 202) {
      throw new AssertionError("publish answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  @Override
  public void close() {
    http.close();
    Await.result(node.close(), 60);
  }
}

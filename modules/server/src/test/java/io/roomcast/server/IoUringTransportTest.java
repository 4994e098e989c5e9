package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoEventLoop;
import io.netty.channel.uring.IoUringIoHandler;
import io.roomcast.core.config.IoTransport;
import io.roomcast.testing.ChildJvm;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nodes asked for {@code node.transport=io_uring}: they run on it (this kernel allows io_uring),
 * deliver over SSE, {@code /ws} and the clustered bus; and a node whose io_uring cannot load falls
 * back, saying why, instead of failing to start.
 */
class IoUringTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static TestNode a;
  private static TestNode b;

  @BeforeAll
  static void start() {
    String cluster = TestConfig.clusterName();
    a = TestNode.start(cluster, IoUringTransportTest::ioUring);
    b = TestNode.start(cluster, IoUringTransportTest::ioUring);
  }

  private static void ioUring(JsonObject config) {
    config.getJsonObject("node").put("transport", "io_uring");
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
  }

  @Test
  void a_node_asked_for_io_uring_runs_its_event_loops_on_io_uring() {
    assertEquals("io_uring", a.node.transport());
    assertSame(Transport.IO_URING.implementation(), ((VertxInternal) a.vertx()).transport());
    IoEventLoop loop = (IoEventLoop) ((VertxInternal) a.vertx()).nettyEventLoopGroup().next();
    assertTrue(loop.isIoType(IoUringIoHandler.class), loop.getClass().getName());
    assertTrue(!a.node.transportChoice().fellBack(), a.node.transportChoice().refusals()::toString);
  }

  @Test
  void auto_still_chooses_epoll_with_io_uring_on_the_classpath() {
    assertSame(Transport.EPOLL, IoTransports.choose(IoTransport.AUTO).transport());
  }

  @Test
  void a_publish_reaches_an_sse_stream_served_over_io_uring() {
    String token = a.token("alice", List.of("uring-sse"), List.of());
    try (SseClient sse = a.sse("/rooms/uring-sse/events?token=" + token)) {
      assertEquals(200, sse.status());
      assertEquals("snapshot", sse.nextEvent(WAIT).event());
      for (int i = 0; i < 20; i++) {
        a.publish("uring-sse", new JsonObject().put("n", i));
      }
      for (int i = 0; i < 20; i++) {
        assertEquals(
            i, sse.next("message", WAIT).json().getJsonObject("data").getInteger("n").intValue());
      }
    }
  }

  @Test
  void a_publish_reaches_a_websocket_served_over_io_uring() {
    String token = a.token("bob", List.of("uring-ws"), List.of());
    try (WsClient ws = WsClient.connect(a.vertx(), a.node.edgePort(), token)) {
      assertEquals("welcome", ws.next(WAIT).getString("op"));
      subscribe(ws, "uring-ws");
      JsonObject accepted = a.publish("uring-ws", new JsonObject().put("big", "x".repeat(30_000)));
      JsonObject e = nextMessage(ws);
      assertEquals(accepted.getString("id"), e.getString("id"));
      assertEquals(30_000, e.getJsonObject("data").getString("big").length());
    }
  }

  @Test
  void a_publish_on_one_io_uring_node_reaches_subscribers_on_the_other() {
    String token = b.token("carol", List.of("uring-x"), List.of());
    try (SseClient sse = b.sse("/rooms/uring-x/events?token=" + token);
        WsClient ws = WsClient.connect(b.vertx(), b.node.edgePort(), token)) {
      sse.nextEvent(WAIT);
      subscribe(ws, "uring-x");
      JsonObject accepted = a.publish("uring-x", new JsonObject().put("n", 1));
      assertEquals(accepted.getString("id"), sse.next("message", WAIT).json().getString("id"));
      assertEquals(accepted.getString("id"), nextMessage(ws).getString("id"));
    }
  }

  @Test
  void io_uring_refused_by_netty_falls_back_to_nio_with_one_line_saying_why() {
    try (Child child =
        Child.start(List.of("-Dio.netty.transport.noNative=true"), ChildJvm.classPath())) {
      List<String> fallback = child.linesContaining("transport io_uring unavailable");
      assertEquals(1, fallback.size(), child::output);
      String line = fallback.get(0);
      assertTrue(line.contains("WARNING"), line);
      assertTrue(line.contains("explicit disabled with -Dio.netty.transport.noNative"), line);
      assertTrue(line.contains("epoll unavailable"), line);
      assertTrue(line.contains("running on nio instead (node.transport=io_uring)"), line);
      assertTrue(child.readyTransport().startsWith("nio (node.transport=io_uring;"), child::output);
    }
  }

  @Test
  void io_uring_missing_from_the_classpath_falls_back_to_epoll_with_one_line_saying_why() {
    List<String> withoutIoUring =
        ChildJvm.classPath().stream()
            .filter(e -> !e.contains("io_uring"))
            .collect(Collectors.toList());
    assertTrue(
        withoutIoUring.size() < ChildJvm.classPath().size(), "io_uring jars on the test classpath");
    try (Child child = Child.start(List.of(), withoutIoUring)) {
      List<String> fallback = child.linesContaining("transport io_uring unavailable");
      assertEquals(1, fallback.size(), child::output);
      String line = fallback.get(0);
      assertTrue(line.contains("netty-transport-native-io_uring is not on the classpath"), line);
      assertTrue(line.contains("running on epoll instead"), line);
      assertTrue(
          child.readyTransport().startsWith("epoll (node.transport=io_uring;"), child::output);
    }
  }

  private static void subscribe(WsClient ws, String room) {
    ws.call(
        new JsonObject().put("op", "subscribe").put("rooms", new JsonArray(List.of(room))), WAIT);
  }

  private static JsonObject nextMessage(WsClient ws) {
    JsonObject e = ws.next("event", WAIT);
    while (!"message".equals(e.getString("type"))) {
      e = ws.next("event", WAIT);
    }
    return e;
  }

  /** {@link Main} in a child JVM with {@code ROOMCAST_TRANSPORT=io_uring}, until it is ready. */
  private static final class Child implements AutoCloseable {
    private static final String READY_LINE = "  transport ";
    private final ChildJvm jvm;

    private Child(ChildJvm jvm) {
      this.jvm = jvm;
    }

    static Child start(List<String> jvmArgs, List<String> classPath) {
      ChildJvm jvm =
          ChildJvm.start(
              "io-uring-child",
              jvmArgs,
              classPath,
              Main.class,
              List.of(),
              Map.of(
                  "ROOMCAST_TRANSPORT", "io_uring",
                  "ROOMCAST_CLUSTER_NAME", TestConfig.clusterName(),
                  "ROOMCAST_API_HOST", "127.0.0.1",
                  "ROOMCAST_EDGE_HOST", "127.0.0.1",
                  "ROOMCAST_API_PORT", "0",
                  "ROOMCAST_EDGE_PORT", "0",
                  "ROOMCAST_EDGE_INSTANCES", "1",
                  "ROOMCAST_JWT_SECRET", TestConfig.JWT_SECRET,
                  "ROOMCAST_API_KEY", TestConfig.API_KEY));
      jvm.await(line -> line.contains(READY_LINE), Duration.ofSeconds(90));
      return new Child(jvm);
    }

    List<String> linesContaining(String text) {
      return jvm.linesContaining(text);
    }

    /** The value of the ready log's {@code transport} line. */
    String readyTransport() {
      return linesContaining(READY_LINE).get(0).trim().substring("transport".length()).trim();
    }

    String output() {
      return jvm.output();
    }

    /** SIGKILL: only the start-up log is under test, and the child's cluster is its own. */
    @Override
    public void close() {
      jvm.close();
    }
  }
}

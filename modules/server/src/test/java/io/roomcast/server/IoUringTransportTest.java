package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoEventLoop;
import io.netty.channel.uring.IoUringIoHandler;
import io.roomcast.core.config.IoTransport;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    try (Child child = Child.start(List.of("-Dio.netty.transport.noNative=true"), classPath())) {
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
        classPath().stream().filter(e -> !e.contains("io_uring")).collect(Collectors.toList());
    assertTrue(withoutIoUring.size() < classPath().size(), "io_uring jars on the test classpath");
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

  private static List<String> classPath() {
    return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
  }

  /** {@link Main} in a child JVM with {@code ROOMCAST_TRANSPORT=io_uring}, until it is ready. */
  private static final class Child implements AutoCloseable {
    private static final List<String> JVM_FLAGS =
        List.of(
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private Child(Process process) {
      this.process = process;
      Thread reader = new Thread(this::drain, "io-uring-child");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(List<String> jvmArgs, List<String> classPath) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(JVM_FLAGS);
      command.addAll(jvmArgs);
      command.addAll(
          List.of("-cp", String.join(File.pathSeparator, classPath), Main.class.getName()));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("ROOMCAST_"));
      pb.environment().put("ROOMCAST_TRANSPORT", "io_uring");
      pb.environment().put("ROOMCAST_CLUSTER_NAME", TestConfig.clusterName());
      pb.environment().put("ROOMCAST_API_HOST", "127.0.0.1");
      pb.environment().put("ROOMCAST_EDGE_HOST", "127.0.0.1");
      pb.environment().put("ROOMCAST_API_PORT", "0");
      pb.environment().put("ROOMCAST_EDGE_PORT", "0");
      pb.environment().put("ROOMCAST_EDGE_INSTANCES", "1");
      pb.environment().put("ROOMCAST_JWT_SECRET", TestConfig.JWT_SECRET);
      pb.environment().put("ROOMCAST_API_KEY", TestConfig.API_KEY);
      Child child;
      try {
        child = new Child(pb.start());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        Await.until(
            Duration.ofSeconds(90),
            "the child node's ready log",
            () -> !child.linesContaining("  transport ").isEmpty() || !child.process.isAlive());
      } catch (AssertionError e) {
        child.close();
        throw new AssertionError(e.getMessage() + "\n" + child.output(), e);
      }
      if (!child.process.isAlive()) {
        throw new AssertionError("the child node exited:\n" + child.output());
      }
      return child;
    }

    private void drain() {
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }

    List<String> linesContaining(String text) {
      return lines.stream().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    /** The value of the ready log's {@code transport} line. */
    String readyTransport() {
      return linesContaining("  transport ").get(0).trim().substring("transport".length()).trim();
    }

    String output() {
      return String.join("\n", lines);
    }

    /** SIGKILL: only the start-up log is under test, and the child's cluster is its own. */
    @Override
    public void close() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

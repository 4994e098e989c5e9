package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.metrics.Meters;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's receiver examples ({@code src/test/receivers}), run for real with Node 20 and Python
 * 3: each verifies the signature of the webhooks a node sends it, and refuses a forged one.
 */
class ReceiverExamplesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SECRET = "test-only-webhook-secret-0123";
  private static final Path DIR = Path.of("src/test/receivers");
  private static Receiver node;
  private static Receiver python;
  private static TestNode roomcast;

  /** A receiver process and the lines it printed. */
  private record Receiver(Process process, List<String> lines, int port) {
    static Receiver start(String... command) throws IOException {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("ROOMCAST_WEBHOOK_SECRET", SECRET);
      builder.environment().put("PORT", "0");
      Process process = builder.directory(DIR.toFile()).start();
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  lines.add("(output lost: " + e + ")");
                }
              });
      reader.setDaemon(true);
      reader.start();
      Await.until(
          WAIT,
          command[0] + " receiver listening",
          () -> lines.stream().anyMatch(l -> l.startsWith("listening ")),
          lines::toString);
      String listening =
          lines.stream().filter(l -> l.startsWith("listening ")).findFirst().orElseThrow();
      return new Receiver(process, lines, Integer.parseInt(listening.substring(10).trim()));
    }

    String url() {
      return "http://127.0.0.1:" + port + "/webhooks";
    }

    boolean printed(String line) {
      return lines.contains(line);
    }

    void stop() {
      process.destroy();
    }
  }

  @BeforeAll
  static void start() throws IOException {
    node = Receiver.start("node", "receiver.mjs");
    python = Receiver.start("python3", "receiver.py");
    roomcast =
        TestNode.start(
            TestConfig.clusterName(),
            c ->
                c.put(
                    "hooks",
                    new JsonObject()
                        .put(
                            "webhooks",
                            new JsonArray().add(webhook(node.url())).add(webhook(python.url())))));
  }

  private static JsonObject webhook(String url) {
    return new JsonObject()
        .put("url", url)
        .put("secret", SECRET)
        .put("events", new JsonArray().add("message"));
  }

  @AfterAll
  static void stop() {
    roomcast.close();
    node.stop();
    python.stop();
  }

  @Test
  void both_examples_verify_the_webhooks_a_node_sends_them() {
    roomcast.publish("examples", new JsonObject().put("text", "héllo ✓"));
    Await.until(
        WAIT,
        "both receivers accepted the message webhook",
        () -> roomcast.node.meters().counter(Meters.WEBHOOKS_SENT).count() == 2,
        () -> "node: " + node.lines() + ", python: " + python.lines());
    assertEquals(0, roomcast.node.meters().counter(Meters.WEBHOOKS_RETRIED).count());
    for (Receiver r : List.of(node, python)) {
      assertEquals(
          1,
          r.lines().stream()
              .filter(l -> l.startsWith("webhook ") && l.endsWith(" message examples -"))
              .count(),
          "printed once: " + r.lines());
    }
  }

  @Test
  void both_examples_refuse_a_forged_signature() {
    long ts = System.currentTimeMillis() / 1000;
    for (Receiver r : List.of(node, python)) {
      int status =
          Await.result(
                  roomcast
                      .http
                      .postAbs(r.url())
                      .putHeader("X-Roomcast-Timestamp", Long.toString(ts))
                      .putHeader("X-Roomcast-Signature", "sha256=" + "0".repeat(64))
                      .putHeader("X-Roomcast-Webhook-Id", "forged")
                      .sendBuffer(Buffer.buffer("{\"id\":\"forged\",\"event\":\"message\"}")))
              .statusCode();
      assertEquals(401, status, r.process().info().command().orElse("receiver"));
    }
  }
}

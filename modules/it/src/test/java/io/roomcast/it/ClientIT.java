package io.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.testing.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The browser client ({@code /client/roomcast.js}) against a real two-node cluster of separate
 * JVMs: its Node test files ({@code modules/client/src/test/js/*.test.mjs}, Node's own test runner,
 * the {@code ws} package as WebSocket) and its Chromium ones (playwright-core on {@code
 * /usr/bin/chromium}) kill, stop and restart nodes through {@link ClusterControl}. The files run
 * one after another, since they share the cluster. Files that need no node (the reconnect backoff
 * on a scripted socket and a mock clock, closing a socket that is still connecting) run in the same
 * pass.
 */
class ClientIT {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

  @Test
  void the_client_keeps_every_event_across_drops_node_deaths_restarts_and_token_renewals()
      throws IOException {
    NodeScripts.prepare();
    try (LocalCluster cluster = LocalCluster.start(2);
        ClusterControl control = ClusterControl.start(cluster)) {
      List<String> command =
          new ArrayList<>(
              List.of("node", "--test", "--test-concurrency=1", "--test-reporter=spec"));
      command.addAll(testFiles());
      NodeScripts.Run run =
          NodeScripts.run(
              RUN_TIMEOUT,
              Map.of(
                  "ROOMCAST_CONTROL", control.url(),
                  "ROOMCAST_JWT_SECRET", TestConfig.JWT_SECRET,
                  "ROOMCAST_API_KEY", TestConfig.API_KEY,
                  "CHROMIUM", NodeScripts.CHROMIUM.toString(),
                  "SCREENSHOTS",
                      Path.of(System.getProperty("basedir", ""), "target")
                          .toAbsolutePath()
                          .toString()),
              command);
      assertEquals(0, run.exit(), "the client's tests failed:\n" + run.output());
    }
  }

  private static List<String> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(NodeScripts.DIR)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".test.mjs"))
          .sorted()
          .toList();
    }
  }
}

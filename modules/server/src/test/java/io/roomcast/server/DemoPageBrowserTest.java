package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.roomcast.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo page in a real headless Chromium (the browser is the user): two users in two browser
 * contexts chat through a real node, both on the browser client the page is built on, after two
 * messages published before they came (the history shown on entry). The scenario is {@code
 * src/test/browser/demo-chat.mjs} (playwright-core, pinned by its lock file and installed here with
 * {@code npm ci} when missing). Missing Chromium or Node fail the test rather than skip it: CI
 * installs both.
 */
class DemoPageBrowserTest {
  private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private static final Path SCRIPTS = MODULE.resolve("src/test/browser");
  private static final Path TARGET = MODULE.resolve("target");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String DRIVER = "playwright-core";
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(75);

  @Test
  void two_users_chat_and_see_typing_presence_and_read_receipts_in_a_real_browser()
      throws Exception {
    requireBrowserAndNode();
    installDriverIfMissing();
    Path screenshot = TARGET.resolve("demo-chat.png");
    Files.deleteIfExists(screenshot);
    String room = "lobby";

    try (TestNode node = TestNode.start(TestConfig.clusterName())) {
      for (int i = 1; i <= 2; i++) {
        node.publish(room, new JsonObject().put("text", "before you came " + i));
      }
      Run scenario =
          run(
              SCENARIO_TIMEOUT,
              Map.of(),
              "node",
              "demo-chat.mjs",
              "--url=http://127.0.0.1:" + node.node.edgePort(),
              "--room=" + room,
              "--alice=" + node.token("alice", List.of(room), List.of(room)),
              "--bob=" + node.token("bob", List.of(room), List.of(room)),
              "--chromium=" + CHROMIUM,
              "--out=" + TARGET);

      assertEquals(0, scenario.exit(), "the browser scenario failed:\n" + scenario.output());
      assertTrue(
          Files.isRegularFile(screenshot) && Files.size(screenshot) > 0,
          "no screenshot at " + screenshot);
    }
  }

  private static void requireBrowserAndNode() {
    if (!Files.isExecutable(CHROMIUM)) {
      fail(CHROMIUM + " is missing: install Debian's chromium package (.ci/run does)");
    }
    try {
      Run version = run(Duration.ofSeconds(20), Map.of(), "node", "--version");
      assertEquals(0, version.exit(), "node --version failed: " + version.output());
    } catch (IOException e) {
      fail("Node.js is missing: install nodejs and npm (.ci/run does): " + e.getMessage());
    }
  }

  /** {@code npm ci} when the pinned driver is absent or another version is installed. */
  private static void installDriverIfMissing() throws IOException {
    String pinned =
        new JsonObject(Files.readString(SCRIPTS.resolve("package.json")))
            .getJsonObject("dependencies")
            .getString(DRIVER);
    Path installed = SCRIPTS.resolve("node_modules").resolve(DRIVER).resolve("package.json");
    if (Files.isRegularFile(installed)
        && pinned.equals(new JsonObject(Files.readString(installed)).getString("version"))) {
      return;
    }
    Run install =
        run(
            INSTALL_TIMEOUT,
            // playwright-core downloads nothing on install; this keeps it so with any version
            Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
            "npm",
            "ci",
            "--no-audit",
            "--no-fund");
    assertEquals(0, install.exit(), "npm ci in " + SCRIPTS + " failed:\n" + install.output());
  }

  private record Run(int exit, String output) {}

  /** Runs a command in the scripts folder with a deadline; its output is echoed and returned. */
  private static Run run(Duration timeout, Map<String, String> env, String... command)
      throws IOException {
    Files.createDirectories(TARGET);
    File log = Files.createTempFile(TARGET, "browser-test-", ".log").toFile();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(SCRIPTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log);
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return new Run(-1, output(log) + "\n(killed after " + timeout.toSeconds() + " s)");
      }
      String output = output(log);
      System.out.println(output);
      return new Run(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IOException("interrupted while running " + command[0], e);
    } finally {
      log.delete();
    }
  }

  private static String output(File log) throws IOException {
    return Files.readString(log.toPath());
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.roomcast.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An application's own HTMX page, served from another origin than the edge, swaps in the HTML
 * fragments of a {@code ?format=html} stream in a real headless Chromium. The scenario is {@code
 * src/test/browser/htmx-sse.mjs} (htmx 2 and htmx-ext-sse pinned by the lock file, installed with
 * {@code npm ci} when missing). Missing Chromium or Node fail the test rather than skip it.
 */
class HtmxBrowserTest {
  private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private static final Path SCRIPTS = MODULE.resolve("src/test/browser");
  private static final Path TARGET = MODULE.resolve("target");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void an_htmx_page_on_another_origin_swaps_in_a_multi_line_fragment_unchanged() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail(CHROMIUM + " is missing: install Debian's chromium package");
    }
    installIfMissing();
    String room = "htmx-room";
    try (TestNode node = TestNode.start(TestConfig.clusterName())) {
      int exit =
          run(
              90,
              "node",
              "htmx-sse.mjs",
              "--edge=http://127.0.0.1:" + node.node.edgePort(),
              "--api=http://127.0.0.1:" + node.node.apiPort(),
              "--key=" + TestConfig.API_KEY,
              "--room=" + room,
              "--token=" + node.token("alice", List.of(room), List.of()),
              "--chromium=" + CHROMIUM);
      assertEquals(0, exit, "the htmx scenario failed (its output is above)");
    }
  }

  /** {@code npm ci} unless every pinned dependency is installed at its version. */
  private static void installIfMissing() throws IOException, InterruptedException {
    JsonObject pinned =
        new JsonObject(Files.readString(SCRIPTS.resolve("package.json")))
            .getJsonObject("dependencies");
    boolean installed = true;
    for (String name : pinned.fieldNames()) {
      Path manifest = SCRIPTS.resolve("node_modules").resolve(name).resolve("package.json");
      installed &=
          Files.isRegularFile(manifest)
              && pinned
                  .getString(name)
                  .equals(new JsonObject(Files.readString(manifest)).getString("version"));
    }
    if (!installed) {
      assertEquals(0, run(180, "npm", "ci", "--no-audit", "--no-fund"), "npm ci failed");
    }
  }

  /** Runs a command in the scripts folder; its output goes to the test's output. */
  private static int run(long timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Files.createDirectories(TARGET);
    File log = Files.createTempFile(TARGET, "htmx-test-", ".log").toFile();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(SCRIPTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log);
    builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    Process process = builder.start();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        System.out.println(Files.readString(log.toPath()));
        return -1;
      }
      System.out.println(Files.readString(log.toPath()));
      return process.exitValue();
    } finally {
      log.delete();
    }
  }
}

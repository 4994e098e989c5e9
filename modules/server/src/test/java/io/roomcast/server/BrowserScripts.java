package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Node scripts under {@code src/test/browser} that drive a real headless Chromium
 * (playwright-core on {@code /usr/bin/chromium}, never a downloaded browser) and the npm packages
 * they load, pinned by the folder's lock file and installed with {@code npm ci} when missing.
 * Missing Chromium or Node fail the test rather than skip it: CI installs both.
 */
final class BrowserScripts {
  static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  static final Path DIR = MODULE.resolve("src/test/browser");
  static final Path TARGET = MODULE.resolve("target");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);

  private BrowserScripts() {}

  record Run(int exit, String output) {}

  /** Fails unless Chromium and Node are there, then installs the pinned packages if needed. */
  static void prepare() throws IOException {
    requireBrowserAndNode();
    installIfMissing();
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

  /** {@code npm ci} when a pinned package is absent or installed at another version. */
  private static void installIfMissing() throws IOException {
    JsonObject pinned =
        new JsonObject(Files.readString(DIR.resolve("package.json"))).getJsonObject("dependencies");
    boolean complete =
        pinned.fieldNames().stream()
            .allMatch(name -> pinned.getString(name).equals(installedVersion(name)));
    if (complete) {
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
    assertEquals(0, install.exit(), "npm ci in " + DIR + " failed:\n" + install.output());
  }

  private static String installedVersion(String name) {
    Path manifest = DIR.resolve("node_modules").resolve(name).resolve("package.json");
    try {
      return Files.isRegularFile(manifest)
          ? new JsonObject(Files.readString(manifest)).getString("version")
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Runs a command in the scripts folder with a deadline; its output is echoed and returned. */
  static Run run(Duration timeout, Map<String, String> env, String... command) throws IOException {
    Files.createDirectories(TARGET);
    File log = Files.createTempFile(TARGET, "browser-test-", ".log").toFile();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(DIR.toFile())
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

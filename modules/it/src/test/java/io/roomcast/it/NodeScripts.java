package io.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Node.js scripts of the browser client's tests ({@code modules/client/src/test/js}): their npm
 * dependencies, pinned by the lock file, installed with {@code npm ci} when missing; Node and
 * Chromium required (a missing one fails rather than skips: CI installs both).
 */
final class NodeScripts {
  static final Path DIR =
      Path.of(System.getProperty("basedir", ""))
          .toAbsolutePath()
          .resolve("../client/src/test/js")
          .normalize();
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path TARGET =
      Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);

  record Run(int exit, String output) {}

  private NodeScripts() {}

  /** Fails unless Node and Chromium are there; installs the pinned packages when absent. */
  static void prepare() throws IOException {
    if (!Files.isExecutable(CHROMIUM)) {
      fail(CHROMIUM + " is missing: install Debian's chromium package (.ci/run does)");
    }
    try {
      Run version = run(Duration.ofSeconds(20), Map.of(), List.of("node", "--version"));
      assertEquals(0, version.exit(), "node --version failed: " + version.output());
    } catch (IOException e) {
      fail("Node.js is missing: install nodejs and npm (.ci/run does): " + e.getMessage());
    }
    JsonObject pinned =
        new JsonObject(Files.readString(DIR.resolve("package.json"))).getJsonObject("dependencies");
    boolean installed =
        pinned.fieldNames().stream()
            .allMatch(
                name -> {
                  Path pkg = DIR.resolve("node_modules").resolve(name).resolve("package.json");
                  try {
                    return Files.isRegularFile(pkg)
                        && pinned
                            .getString(name)
                            .equals(new JsonObject(Files.readString(pkg)).getString("version"));
                  } catch (IOException e) {
                    return false;
                  }
                });
    if (installed) {
      return;
    }
    Run install =
        run(
            INSTALL_TIMEOUT,
            // playwright-core downloads nothing on install; this keeps it so with any version
            Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
            List.of("npm", "ci", "--no-audit", "--no-fund"));
    assertEquals(0, install.exit(), "npm ci in " + DIR + " failed:\n" + install.output());
  }

  /** Runs a command in the scripts folder with a deadline; its output is echoed and returned. */
  static Run run(Duration timeout, Map<String, String> env, List<String> command)
      throws IOException {
    Files.createDirectories(TARGET);
    File log = Files.createTempFile(TARGET, "node-scripts-", ".log").toFile();
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
        return new Run(-1, Files.readString(log.toPath()) + "\n(killed after " + timeout + ")");
      }
      String output = Files.readString(log.toPath());
      System.out.println(output);
      return new Run(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IOException("interrupted while running " + command.get(0), e);
    } finally {
      log.delete();
    }
  }
}

package io.roomcast.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link RelayNodeMain} in a child JVM on this test's classpath; {@link #kill} is SIGKILL. */
final class RelayProcess implements AutoCloseable {
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
  private final String nodeId;

  private RelayProcess(Process process, String nodeId) {
    this.process = process;
    this.nodeId = nodeId;
  }

  static RelayProcess start(String cluster, String redisUrl, String mode) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      command.add("-Djava.util.logging.config.file=" + logging);
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            RelayNodeMain.class.getName(),
            cluster,
            redisUrl,
            mode));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> drain(process, ready), "relay-process");
    reader.setDaemon(true);
    reader.start();
    try {
      return new RelayProcess(process, ready.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new AssertionError("relay process did not start", e);
    }
  }

  /** Echoes the child's output (prefixed) and picks up its READY line. */
  private static void drain(Process process, CompletableFuture<String> ready) {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        System.err.println("[relay process] " + line);
        if (line.startsWith("READY ")) {
          ready.complete(line.substring("READY ".length()).trim());
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
    ready.completeExceptionally(new IllegalStateException("exited before READY"));
  }

  String nodeId() {
    return nodeId;
  }

  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}

package io.roomcast.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One roomcast node as its own JVM, started from the fat jar with {@code ROOMCAST_*} variables, as
 * an operator would. Its output goes to a log file; {@link #awaitReady} waits for the start-up
 * block. {@link #terminate} is SIGTERM (graceful), {@link #kill} is SIGKILL.
 */
final class NodeProcess {
  static final String READY = "roomcast ready";
  private static final List<String> JVM =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  final String name;
  final int apiPort;
  final int edgePort;
  private final Path jar;
  private final Map<String, String> env;
  private final Path log;
  private Process process;
  private CompletableFuture<Void> ready;
  private int starts;

  NodeProcess(
      String name, Path jar, int apiPort, int edgePort, Map<String, String> env, Path logs) {
    this.name = name;
    this.jar = jar;
    this.apiPort = apiPort;
    this.edgePort = edgePort;
    this.env = env;
    this.log = logs.resolve(name + ".log");
  }

  /** Launches the JVM; returns at once ({@link #awaitReady} waits for it). */
  NodeProcess start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("ROOMCAST_"));
    pb.environment().putAll(env);
    pb.environment().put("ROOMCAST_API_PORT", Integer.toString(apiPort));
    pb.environment().put("ROOMCAST_EDGE_PORT", Integer.toString(edgePort));
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    ready = new CompletableFuture<>();
    drain(process, ready, starts++ > 0);
    return this;
  }

  /** Blocks until the node logged its ready block; fails if it exited or took too long. */
  void awaitReady(long seconds) {
    try {
      ready.get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(name + " not ready within " + seconds + " s; see " + log, e);
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** SIGTERM: the node closes its streams and leaves the cluster; waits for the exit. */
  void terminate(long seconds) {
    process.destroy();
    awaitExit(seconds);
  }

  /** SIGKILL: no goodbye to anyone. */
  void kill() {
    process.destroyForcibly();
    awaitExit(10);
  }

  private void awaitExit(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not exit within " + seconds + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** For {@code @AfterAll}: never leaves a JVM behind. */
  void destroy() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Copies the output to the log file and completes {@code ready} at the ready line. */
  private void drain(Process p, CompletableFuture<Void> ready, boolean append) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter out =
                      new PrintWriter(
                          Files.newBufferedWriter(
                              log,
                              StandardCharsets.UTF_8,
                              java.nio.file.StandardOpenOption.CREATE,
                              append
                                  ? java.nio.file.StandardOpenOption.APPEND
                                  : java.nio.file.StandardOpenOption.TRUNCATE_EXISTING),
                          true)) {
                String line;
                while ((line = in.readLine()) != null) {
                  out.println(line);
                  if (line.contains(READY)) {
                    ready.complete(null);
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              ready.completeExceptionally(new IllegalStateException(name + " exited"));
            },
            "it-" + name);
    reader.setDaemon(true);
    reader.start();
  }
}

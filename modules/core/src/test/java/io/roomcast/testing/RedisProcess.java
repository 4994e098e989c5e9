package io.roomcast.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process on a free loopback port, no persistence. The binary is the
 * one shipped in embedded-redis, else {@code redis-server} on the PATH; {@code
 * -Droomcast.test.redis=PATH} picks another. {@link #kill()} is SIGKILL; {@link #restart()} comes
 * back on the same port, empty.
 */
public final class RedisProcess implements AutoCloseable {
  private static final String READY = "Ready to accept connections";

  private final String binary;
  private final int port;
  private Process process;

  private RedisProcess(String binary, int port) {
    this.binary = binary;
    this.port = port;
  }

  /** Starts the first binary that runs here. */
  public static RedisProcess start() {
    int port = freePort();
    RuntimeException failure = null;
    for (String binary : binaries()) {
      RedisProcess redis = new RedisProcess(binary, port);
      try {
        redis.launch();
        return redis;
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** SIGKILL: clients see their connections drop, nothing is saved. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public void restart() {
    launch();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private void launch() {
    List<String> command =
        List.of(
            binary,
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no");
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    awaitReady();
  }

  /** Reads the server's output until it says it is ready; keeps draining it afterwards. */
  private void awaitReady() {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Process p = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.contains(READY)) {
                    ready.complete(null);
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              ready.completeExceptionally(new IllegalStateException("redis-server exited"));
            },
            "redis-server-" + port);
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IllegalStateException("redis-server on port " + port + " did not start", e);
    }
  }

  private static List<String> binaries() {
    String configured = System.getProperty("roomcast.test.redis");
    if (configured != null && !configured.isBlank()) {
      return List.of(configured);
    }
    List<String> out = new ArrayList<>();
    try {
      File shipped = ExecutableProvider.newJarResourceProvider().get();
      out.add(shipped.getAbsolutePath());
    } catch (IOException | RuntimeException e) {
      // no binary for this platform in the jar
    }
    out.add("redis-server");
    return out;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

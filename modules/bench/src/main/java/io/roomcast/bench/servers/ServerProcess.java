package io.roomcast.bench.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A server process the harness started. Every one is registered so that a JVM shutdown (normal end,
 * error, Ctrl-C) kills whatever is still running: the harness never leaves a server behind.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> RUNNING.forEach(ServerProcess::close), "bench-reaper"));
  }

  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with output to {@code log}; {@code ROOMCAST_*} is not inherited. */
  public static ServerProcess start(
      String name, List<String> command, Map<String, String> env, Path log, Path dir) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .directory(dir.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("ROOMCAST_"));
      pb.environment().putAll(env);
      ServerProcess p = new ServerProcess(name, pb.start(), log);
      RUNNING.add(p);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  public CpuTime cpu() {
    return ProcStat.read(process.pid());
  }

  /** The last lines of the log, for error messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, up to 15 s to exit, then SIGKILL. */
  @Override
  public void close() {
    RUNNING.remove(this);
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

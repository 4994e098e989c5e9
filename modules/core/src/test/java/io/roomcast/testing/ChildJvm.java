package io.roomcast.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A main class in a child JVM, with the flags Hazelcast and Netty want and this test's logging
 * config: its output is kept line by line (and echoed, prefixed), and {@link #kill} is SIGKILL — a
 * node dying without a goodbye.
 */
public final class ChildJvm implements AutoCloseable {
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
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private ChildJvm(Process process, String name) {
    this.process = process;
    Thread reader = new Thread(() -> drain(name), name);
    reader.setDaemon(true);
    reader.start();
  }

  /** This test's class path, entry by entry. */
  public static List<String> classPath() {
    return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
  }

  /**
   * Starts {@code mainClass} with {@code args}; {@code env} is added to an environment from which
   * every {@code ROOMCAST_*} variable of this JVM was removed.
   */
  public static ChildJvm start(
      String name,
      List<String> jvmArgs,
      List<String> classPath,
      Class<?> mainClass,
      List<String> args,
      Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      command.add("-Djava.util.logging.config.file=" + logging);
    }
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), mainClass.getName()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("ROOMCAST_"));
    pb.environment().putAll(env);
    try {
      return new ChildJvm(pb.start(), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until a line matches {@code ready} and returns it; fails with the output if it exits. */
  public String await(Predicate<String> ready, Duration wait) {
    try {
      Await.until(
          wait,
          "the child's ready line",
          () -> lines.stream().anyMatch(ready) || !process.isAlive());
    } catch (AssertionError e) {
      kill();
      throw new AssertionError(e.getMessage() + "\n" + output(), e);
    }
    return lines.stream()
        .filter(ready)
        .findFirst()
        .orElseThrow(() -> new AssertionError("the child exited:\n" + output()));
  }

  public List<String> linesContaining(String text) {
    return lines.stream().filter(l -> l.contains(text)).collect(Collectors.toList());
  }

  public String output() {
    return String.join("\n", lines);
  }

  public void kill() {
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

  private void drain(String name) {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        System.err.println("[" + name + "] " + line);
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }
}

package io.roomcast.bench.servers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every server launch shares: where the repo and logs are, and the JVM options all server JVMs
 * get alike (NMT for the off-heap measure, no perf-data sampler as in the documented run command,
 * plus whatever the operator adds).
 *
 * @param roomcastTransport roomcast's {@code node.transport}: auto, io_uring, epoll or nio
 */
public record Launch(
    Path root,
    Path benchJar,
    Path roomcastJar,
    Path logs,
    List<String> jvmOptions,
    String roomcastTransport) {
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of("-XX:NativeMemoryTracking=summary", "-XX:+UseG1GC", "-XX:-UsePerfData");

  public Path socketIoDir() {
    return root.resolve("modules/bench/peers/socketio");
  }

  List<String> java() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    return cmd;
  }
}

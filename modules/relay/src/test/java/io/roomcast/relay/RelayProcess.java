package io.roomcast.relay;

import io.roomcast.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link RelayNodeMain} in a child JVM on this test's classpath; {@link #kill} is SIGKILL. */
final class RelayProcess implements AutoCloseable {
  private static final String READY = "READY ";

  private final ChildJvm jvm;
  private final String nodeId;

  private RelayProcess(ChildJvm jvm, String nodeId) {
    this.jvm = jvm;
    this.nodeId = nodeId;
  }

  static RelayProcess start(String cluster, String redisUrl, String mode) {
    ChildJvm jvm =
        ChildJvm.start(
            "relay process",
            List.of(),
            ChildJvm.classPath(),
            RelayNodeMain.class,
            List.of(cluster, redisUrl, mode),
            Map.of());
    String ready = jvm.await(line -> line.startsWith(READY), Duration.ofSeconds(60));
    return new RelayProcess(jvm, ready.substring(READY.length()).trim());
  }

  String nodeId() {
    return nodeId;
  }

  void kill() {
    jvm.kill();
  }

  @Override
  public void close() {
    jvm.close();
  }
}

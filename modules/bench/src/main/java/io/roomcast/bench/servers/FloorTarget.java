package io.roomcast.bench.servers;

import io.roomcast.bench.client.PublishTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The bare Vert.x floor ({@code io.roomcast.bench.floor.Floor}) in a JVM of its own. */
public final class FloorTarget implements Target {
  private final ServerProcess process;
  private final int port;

  private FloorTarget(ServerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static FloorTarget start(Launch launch) {
    int port = Ports.free();
    List<String> cmd = new ArrayList<>(launch.java());
    cmd.addAll(
        List.of(
            "-cp",
            launch.benchJar().toString(),
            "io.roomcast.bench.floor.Floor",
            "--port",
            Integer.toString(port)));
    ServerProcess p =
        ServerProcess.start(
            "floor", cmd, Map.of(), launch.logs().resolve("floor.log"), launch.root());
    try {
      Ready.await(p, port, "/", status -> status > 0, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new FloorTarget(p, port);
  }

  @Override
  public String name() {
    return "vert.x floor";
  }

  @Override
  public PublishTarget publish() {
    return PublishTarget.peer(port);
  }

  @Override
  public List<Integer> edgePorts() {
    return List.of(port);
  }

  @Override
  public List<ServerProcess> processes() {
    return List.of(process);
  }

  @Override
  public MemorySample memory() {
    return new JvmProbe(process.pid()).memoryAfterGc();
  }
}

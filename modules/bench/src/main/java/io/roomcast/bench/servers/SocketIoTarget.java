package io.roomcast.bench.servers;

import io.roomcast.bench.client.PublishTarget;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Socket.IO 4.8.4 peer ({@code modules/bench/peers/socketio/server.js}) under Node. Its memory
 * is read from its {@code /stats} endpoint, which runs {@code gc()} first.
 */
public final class SocketIoTarget implements Target {
  private final ServerProcess process;
  private final int port;

  private SocketIoTarget(ServerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static SocketIoTarget start(Launch launch) {
    if (!Files.isDirectory(launch.socketIoDir().resolve("node_modules/socket.io"))) {
      throw new IllegalStateException(
          "Socket.IO peer not installed: run `npm ci` in " + launch.socketIoDir());
    }
    int port = Ports.free();
    List<String> cmd =
        List.of("node", "--expose-gc", "server.js", "--port", Integer.toString(port));
    ServerProcess p =
        ServerProcess.start(
            "socket.io",
            cmd,
            Map.of(),
            launch.logs().resolve("socketio.log"),
            launch.socketIoDir());
    try {
      Ready.await(p, port, "/stats", status -> status == 200, Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new SocketIoTarget(p, port);
  }

  @Override
  public String name() {
    return "socket.io 4.8.4";
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
    try {
      JsonObject stats =
          new JsonObject(Ready.get(URI.create("http://127.0.0.1:" + port + "/stats")).body());
      return new MemorySample(stats.getLong("heapUsed"), stats.getLong("external"));
    } catch (IOException e) {
      throw new IllegalStateException("socket.io /stats failed: " + e.getMessage(), e);
    }
  }
}

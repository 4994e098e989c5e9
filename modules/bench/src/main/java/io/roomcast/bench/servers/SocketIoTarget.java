package io.roomcast.bench.servers;

import io.roomcast.bench.client.PublishTarget;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Socket.IO 4.8.4 peer ({@code modules/bench/peers/socketio/server.js}) under Node. Its memory
 * is read from its {@code /stats} endpoint, which runs {@code gc()} first. With several nodes they
 * share rooms through {@code @socket.io/redis-adapter} and a {@code redis-server} started here,
 * whose CPU is counted with the nodes'.
 */
public final class SocketIoTarget implements Target {
  static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

  private final List<ServerProcess> processes;
  private final List<Integer> ports;

  private SocketIoTarget(List<ServerProcess> processes, List<Integer> ports) {
    this.processes = processes;
    this.ports = ports;
  }

  public static SocketIoTarget start(Launch launch) {
    return start(launch, 1);
  }

  public static SocketIoTarget start(Launch launch, int nodes) {
    if (!Files.isDirectory(launch.socketIoDir().resolve("node_modules/socket.io"))) {
      throw new IllegalStateException(
          "Socket.IO peer not installed: run `npm ci` in " + launch.socketIoDir());
    }
    List<ServerProcess> processes = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    SocketIoTarget target = new SocketIoTarget(processes, ports);
    try {
      String redisUrl = null;
      if (nodes > 1) {
        int redisPort = Ports.free();
        processes.add(startRedis(launch, redisPort));
        redisUrl = "redis://127.0.0.1:" + redisPort;
      }
      for (int i = 0; i < nodes; i++) {
        int port = Ports.free();
        List<String> cmd =
            new ArrayList<>(
                List.of("node", "--expose-gc", "server.js", "--port", Integer.toString(port)));
        if (redisUrl != null) {
          cmd.addAll(List.of("--redis", redisUrl));
        }
        String name = nodes == 1 ? "socketio" : "socketio-" + i;
        ServerProcess p =
            ServerProcess.start(
                name, cmd, Map.of(), launch.logs().resolve(name + ".log"), launch.socketIoDir());
        processes.add(p);
        ports.add(port);
        Ready.await(p, port, "/stats", status -> status == 200, Duration.ofSeconds(30));
      }
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  private static ServerProcess startRedis(Launch launch, int port) {
    if (!Files.isExecutable(REDIS_SERVER)) {
      throw new IllegalStateException(REDIS_SERVER + " is missing: apt-get install redis-server");
    }
    ServerProcess redis =
        ServerProcess.start(
            "redis-server",
            List.of(
                REDIS_SERVER.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"),
            Map.of(),
            launch.logs().resolve("redis-server.log"),
            launch.socketIoDir());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return redis;
      } catch (IOException e) {
        if (!redis.isAlive()) {
          break;
        }
        Ready.sleep(100);
      }
    }
    redis.close();
    throw new IllegalStateException("redis-server did not start; log tail:\n" + redis.logTail());
  }

  @Override
  public String name() {
    return ports.size() == 1 ? "socket.io 4.8.4" : "socket.io 4.8.4 x" + ports.size();
  }

  @Override
  public PublishTarget publish() {
    return PublishTarget.peer(ports.get(0));
  }

  @Override
  public List<Integer> edgePorts() {
    return List.copyOf(ports);
  }

  @Override
  public List<ServerProcess> processes() {
    return List.copyOf(processes);
  }

  @Override
  public MemorySample memory() {
    MemorySample sum = new MemorySample(0, 0);
    for (int port : ports) {
      try {
        JsonObject stats =
            new JsonObject(Ready.get(URI.create("http://127.0.0.1:" + port + "/stats")).body());
        sum = sum.plus(new MemorySample(stats.getLong("heapUsed"), stats.getLong("external")));
      } catch (IOException e) {
        throw new IllegalStateException("socket.io /stats failed: " + e.getMessage(), e);
      }
    }
    return sum;
  }

  /** Nodes first, in reverse, then Redis. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}

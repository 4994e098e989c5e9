package io.roomcast.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Command line of the harness. Each scenario has its defaults (the headline figures); every
 * number can be overridden.
 */
public record BenchOptions(
    Scenario scenario,
    List<String> targets,
    List<String> transports,
    int subscribers,
    int rooms,
    double rate,
    int payloadBytes,
    int warmupSeconds,
    int settleRounds,
    int durationSeconds,
    int holdSeconds,
    int repeat,
    int loops,
    int nodes,
    boolean jfr,
    Path out,
    Path root,
    Path roomcastJar,
    List<String> serverJvmOptions,
    String roomcastTransport) {

  /** Values of {@code --transport}: roomcast's {@code node.transport}. */
  public static final List<String> ROOMCAST_TRANSPORTS =
      List.of("auto", "io_uring", "epoll", "nio");

  public enum Scenario {
    /** N subscribers over R rooms, steady publish rate. */
    FANOUT(1000, 10, 500),
    /** Everyone in one room. */
    HOTROOM(1000, 1, 200),
    /** Connections held open without traffic: memory per connection. */
    IDLE(5000, 10, 0),
    /** Three roomcast nodes: publish on one, subscribers on the others. */
    CLUSTER(1000, 10, 500),
    /** Clients send the messages over their own sockets, in turn; every member receives each. */
    CHAT(4000, 1000, 1000),
    /** Chat over several nodes (roomcast cluster, Socket.IO with its Redis adapter). */
    CHATCLUSTER(3000, 750, 600),
    /** The highest sustained publish rate per door, p99 ≤ 50 ms and nothing lost. */
    PUBLISH(20, 10, 1000),
    /** {@code --nodes} roomcast nodes and no client at all: each node's CPU over the hold. */
    IDLECLUSTER(1, 1, 0),
    HOOKS(1, 1, 0);

    final int subscribers;
    final int rooms;
    final double rate;

    Scenario(int subscribers, int rooms, double rate) {
      this.subscribers = subscribers;
      this.rooms = rooms;
      this.rate = rate;
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the scenario runs {@code --nodes} nodes. */
    public boolean clustered() {
      return this == CLUSTER || this == CHATCLUSTER || this == IDLECLUSTER;
    }

    /** Whether clients send over their own sockets (rows report CPU per message). */
    public boolean chat() {
      return this == CHAT || this == CHATCLUSTER;
    }
  }

  public static final String USAGE =
      """
      usage: java -jar modules/bench/target/roomcast-bench.jar [options]
        --scenario fanout|hotroom|idle|cluster|chat|chatcluster|publish|idlecluster|hooks
                                                 (default fanout; idlecluster: --nodes
                                                 nodes, no client, CPU after --warmup
                                                 over --hold; hooks: one node, user.offline
                                                 delay after the last connection and
                                                 message webhooks/s to a fast receiver)
        --targets floor,socketio,roomcast        systems to run, in this order (default all)
        --transports ws,sse,sockjs               roomcast transports (default ws,sse,sockjs;
                                                 cluster: ws,sse; chat, chatcluster: ws,sockjs;
                                                 publish: rest,batch,ws, the publishing doors)
        --subscribers N   --rooms R   --rate PUBLISHES_PER_S   --payload BYTES
                          (defaults: fanout 1000/10/500, hotroom 1000/1/200,
                           idle 5000/10/-, cluster 1000/10/500, chat 4000/1000/1000,
                           chatcluster 3000/750/600, publish 20/10/start rate 1000;
                           payload 100; --clients is --subscribers)
        --warmup S (30; publish 10; idle: after the connects, before the hold)
        --duration S (30; publish: each step, 5)  --hold S (30)
        --settle N        after the warm-up, up to N more 5 s rounds until the servers'
                          CPU per round stops falling by over 5% (default 12; 0: none)
        --repeat N        run every target N times, alternating, and report each row's
                          median run by CPU/delivery with all runs' figures (default 1)
        --loops N         generator event loops for subscribers (default 3)
        --nodes N         cluster and chatcluster size (default 3)
        --jfr             record JFR on roomcast during each measured window and summarise it
        --server-jvm-opts "OPTS"   extra JVM options for roomcast and the floor
        --transport auto|io_uring|epoll|nio   roomcast's Netty transport (ROOMCAST_TRANSPORT,
                          default auto: epoll); other than auto, rows are labelled with it
        --out DIR         results (default modules/bench/target/bench-results)
        --root DIR        repository root (default: found from the jar's location)
        --roomcast-jar F  the node to measure (default modules/server/target/roomcast.jar)
      """;

  public static BenchOptions parse(String[] args, Path defaultRoot) {
    Scenario scenario = Scenario.FANOUT;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--scenario")) {
        try {
          scenario = Scenario.valueOf(args[i + 1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown scenario " + args[i + 1] + "\n" + USAGE);
        }
      }
    }
    List<String> targets = List.of("floor", "socketio", "roomcast");
    List<String> transports =
        switch (scenario) {
          case CLUSTER -> List.of("ws", "sse");
          case CHAT, CHATCLUSTER -> List.of("ws", "sockjs");
          case PUBLISH -> List.of("rest", "batch", "ws");
          default -> List.of("ws", "sse", "sockjs");
        };
    int subscribers = scenario.subscribers;
    int rooms = scenario.rooms;
    double rate = scenario.rate;
    int payload = 100;
    boolean publish = scenario == Scenario.PUBLISH;
    int warmup = publish ? 10 : 30; // JIT: shorter windows measure the compiler, not the server
    int settle = 12;
    int duration = publish ? 5 : 30;
    int hold = 30;
    int repeat = 1;
    int loops = 3;
    int nodes = 3;
    boolean jfr = false;
    Path root = defaultRoot;
    Path out = null;
    Path roomcastJar = null;
    List<String> jvm = new ArrayList<>();
    String roomcastTransport = "auto";
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--jfr")) {
        jfr = true;
        continue;
      }
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + a + "\n" + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--scenario" -> {}
        case "--targets" -> targets = split(v);
        case "--transports" -> transports = split(v);
        case "--subscribers", "--connections", "--clients" -> subscribers = Integer.parseInt(v);
        case "--rooms" -> rooms = Integer.parseInt(v);
        case "--rate" -> rate = Double.parseDouble(v);
        case "--payload" -> payload = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--settle" -> settle = Integer.parseInt(v);
        case "--duration" -> duration = Integer.parseInt(v);
        case "--hold" -> hold = Integer.parseInt(v);
        case "--repeat" -> repeat = Integer.parseInt(v);
        case "--loops" -> loops = Integer.parseInt(v);
        case "--nodes" -> nodes = Integer.parseInt(v);
        case "--out" -> out = Path.of(v);
        case "--root" -> root = Path.of(v);
        case "--roomcast-jar" -> roomcastJar = Path.of(v);
        case "--server-jvm-opts" -> jvm.addAll(List.of(v.trim().split("\\s+")));
        case "--transport" -> roomcastTransport = v.trim().toLowerCase(Locale.ROOT);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (subscribers < 1 || subscribers > 19_500) {
      throw new IllegalArgumentException(
          "--subscribers must be 1..19500 (the per-process limit here is 20,000 files)");
    }
    if (rooms < 1
        || settle < 0
        || repeat < 1
        || payload < 64
        || payload > 60_000
        || duration < 1
        || loops < 1
        || nodes < 2) {
      throw new IllegalArgumentException(
          "need rooms ≥ 1, settle ≥ 0, repeat ≥ 1, payload 64..60000, duration ≥ 1, loops ≥ 1, nodes ≥ 2");
    }
    if (!ROOMCAST_TRANSPORTS.contains(roomcastTransport)) {
      throw new IllegalArgumentException(
          "--transport must be one of " + String.join(", ", ROOMCAST_TRANSPORTS));
    }
    if (out == null) {
      out = root.resolve("modules/bench/target/bench-results");
    }
    if (roomcastJar == null) {
      roomcastJar = root.resolve("modules/server/target/roomcast.jar");
    }
    return new BenchOptions(
        scenario,
        targets,
        transports,
        subscribers,
        rooms,
        rate,
        payload,
        warmup,
        settle,
        duration,
        hold,
        repeat,
        loops,
        nodes,
        jfr,
        out,
        root,
        roomcastJar,
        List.copyOf(jvm),
        roomcastTransport);
  }

  private static List<String> split(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}

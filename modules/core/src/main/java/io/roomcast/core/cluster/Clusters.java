package io.roomcast.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.executionservice.impl.ExecutionServiceImpl;
import io.roomcast.core.config.ClusterConfig;
import io.roomcast.core.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;

/**
 * Builds clustered Vert.x instances: Hazelcast from {@code cluster.xml} (TCP-IP join, no multicast)
 * with name, interface, port and members from {@link ClusterConfig}, and the event bus bound to the
 * same host so bus traffic goes where Hazelcast does.
 */
public final class Clusters {
  private Clusters() {}

  public static Future<Vertx> start(ClusterConfig cluster, VertxOptions options) {
    return start(cluster, options, null);
  }

  /**
   * @param transport the Netty transport to run on; null leaves the choice to {@code options}
   *     ({@code preferNativeTransport}). Vert.x itself runs NIO when the given one is unavailable
   */
  public static Future<Vertx> start(
      ClusterConfig cluster, VertxOptions options, Transport transport) {
    options
        .getEventBusOptions()
        .setHost(cluster.host())
        .setPort(cluster.busPort())
        .setClusterPublicHost(cluster.publicHost());
    VertxBuilder builder =
        Vertx.builder()
            .with(options)
            .withClusterManager(new HazelcastClusterManager(hazelcast(cluster)));
    if (transport != null) {
      builder.withTransport(transport);
    }
    return builder
        .buildClustered()
        .map(
            vertx -> {
              stopUnusedPolling(manager(vertx).getHazelcastInstance());
              return vertx;
            });
  }

  /** Hazelcast partitions per cluster (Hazelcast's default is 271). */
  public static final int PARTITIONS = 71;

  /** CRDT replication runs for PN counters only, which roomcast does not use (default: 1 s). */
  private static final int CRDT_REPLICATION_PERIOD_MS = 10 * 60_000;

  /** A fresh Hazelcast config per instance (a shared one collides on node ids in one JVM). */
  public static Config hazelcast(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.tcp.join.port.try.count", "10");
    config.setProperty(
        "hazelcast.heartbeat.interval.seconds", Integer.toString(cluster.heartbeatSeconds()));
    config.setProperty(
        "hazelcast.max.no.heartbeat.seconds", Integer.toString(cluster.maxNoHeartbeatSeconds()));
    config.setProperty("hazelcast.logging.type", "jdk");
    // Hazelcast's own metrics (JMX beans, Management Center journal) are read by nothing here, and
    // collecting them every few seconds was the largest cost of an idle node; map statistics
    // (getLocalMapStats) stay on
    config.getMetricsConfig().setEnabled(false);
    idleQuietly(config);
    // listen on cluster.host only, not on every interface of the machine
    config.setProperty("hazelcast.socket.bind.any", "false");
    // Hazelcast's background work (backup anti-entropy, replica checks, migrations) runs per
    // partition: 71 instead of the default 271 cut an idle three-node cluster from 3.9% to 2.7%
    // of a core here, and still spreads rooms evenly over tens of members. Every member of a
    // cluster must use the same count.
    config.setProperty("hazelcast.partition.count", Integer.toString(PARTITIONS));
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(100);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(address(cluster.host())));
    network.getJoin().getMulticastConfig().setEnabled(false);
    network.getJoin().getAutoDetectionConfig().setEnabled(false);
    network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    for (ClusterSerializers serializers : ServiceLoader.load(ClusterSerializers.class)) {
      serializers.register(config.getSerializationConfig());
      serializers.configure(config);
    }
    return config;
  }

  /**
   * Turns off Hazelcast's background work that nothing here reads or uses, which a member runs
   * whether or not there is any traffic: the health monitor and the slow-operation detector (they
   * only log), the IO balancer (it moves connections between IO threads; a member here has a
   * handful), the network statistics refresh (every second, for metrics that are off) and the CRDT
   * replication round, every second by default, for PN counters, which roomcast does not use.
   */
  private static void idleQuietly(Config config) {
    config.setProperty("hazelcast.health.monitoring.level", "OFF");
    config.setProperty("hazelcast.slow.operation.detector.enabled", "false");
    config.setProperty("hazelcast.io.balancer.interval.seconds", "-1");
    config.setProperty("hazelcast.network.stats.refresh.interval.seconds", "3600");
    config.getCRDTReplicationConfig().setReplicationPeriodMillis(CRDT_REPLICATION_PERIOD_MS);
  }

  /**
   * Hazelcast's periodic tasks that no setting turns off and that serve nothing roomcast uses. Each
   * run wakes the scheduler thread and a pooled one; together they were 17 of about 18 runs a
   * second of an idle member's scheduler:
   *
   * <ul>
   *   <li>the every-100-ms poll of legacy futures, which completes futures handed to {@code
   *       asCompletableFuture} (map loaders, management-center operations and Jet only);
   *   <li>the CP subsystem's expiry of timed waits on locks, semaphores and latches, three tasks
   *       every 500 ms, and its CP session expiry every second. roomcast creates no CP structure:
   *       the relay's election takes a map lock (vertx-hazelcast's {@code getLockWithTimeout}) and
   *       never waits for it.
   * </ul>
   */
  private static final List<String> UNUSED_TASKS =
      List.of("CompletableFutureTask", "ExpireWaitKeysPeriodicTask", "CheckSessionsToExpire");

  /** Cancels the {@link #UNUSED_TASKS} of a started member. */
  private static void stopUnusedPolling(HazelcastInstance hz) {
    if (!(hz instanceof HazelcastInstanceProxy proxy)) {
      return;
    }
    ExecutionServiceImpl execution =
        (ExecutionServiceImpl) proxy.getOriginal().node.getNodeEngine().getExecutionService();
    for (Runnable task : execution.getScheduledExecutorService().getQueue()) {
      // the task's description names what it runs (the JDK's and Hazelcast's wrappers delegate)
      String description = task.toString();
      if (UNUSED_TASKS.stream().anyMatch(description::contains)) {
        ((java.util.concurrent.Future<?>) task).cancel(false);
      }
    }
  }

  /**
   * Hazelcast picks its interface by IP address, so a host name (a compose service name, say) is
   * resolved once, at start-up; IP literals are taken as they are.
   */
  static String address(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cluster.host '" + host + "' does not resolve", e);
    }
  }

  /**
   * A Hazelcast async result as a Vert.x future completing on {@code context}. Hazelcast runs the
   * callbacks of its futures on a default executor that, when the common fork-join pool has fewer
   * than two threads (any 2-core machine or container), starts a new thread per callback; here the
   * completing Hazelcast thread only hands the result to the context.
   */
  public static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
    Promise<T> promise = Promise.promise();
    stage.whenCompleteAsync(
        (value, err) ->
            context.runOnContext(
                v -> {
                  if (err != null) {
                    promise.fail(err);
                  } else {
                    promise.complete(value);
                  }
                }),
        Runnable::run);
    return promise.future();
  }

  public static HazelcastClusterManager manager(Vertx vertx) {
    return (HazelcastClusterManager) VertxInternals.clusterManager(vertx);
  }

  /** This node's id on the bus (what registrations and membership events name). */
  public static String nodeId(Vertx vertx) {
    return manager(vertx).getNodeId();
  }
}

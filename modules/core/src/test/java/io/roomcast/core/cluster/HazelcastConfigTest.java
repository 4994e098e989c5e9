package io.roomcast.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.spi.impl.executionservice.impl.ExecutionServiceImpl;
import io.roomcast.testing.TestCluster;
import io.roomcast.testing.TestConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HazelcastConfigTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void a_member_runs_the_cluster_on_71_partitions() {
    HazelcastInstance hz = Clusters.manager(cluster.member()).getHazelcastInstance();
    assertEquals(Clusters.PARTITIONS, hz.getPartitionService().getPartitions().size());
  }

  @Test
  void a_started_member_schedules_none_of_the_unused_polls_but_keeps_its_heartbeat() {
    HazelcastInstance hz = Clusters.manager(cluster.member()).getHazelcastInstance();
    ExecutionServiceImpl execution =
        (ExecutionServiceImpl)
            ((HazelcastInstanceProxy) hz).getOriginal().node.getNodeEngine().getExecutionService();
    List<String> live = new ArrayList<>();
    for (Runnable task : execution.getScheduledExecutorService().getQueue()) {
      if (!((Future<?>) task).isCancelled()) {
        live.add(task.toString());
      }
    }
    for (String unused :
        List.of("CompletableFutureTask", "ExpireWaitKeysPeriodicTask", "CheckSessionsToExpire")) {
      assertTrue(live.stream().noneMatch(t -> t.contains(unused)), unused + " in " + live);
    }
    assertTrue(live.stream().anyMatch(t -> t.contains("ClusterHeartbeatManager")), live.toString());
  }

  @Test
  void hazelcast_metrics_collection_stays_off() {
    assertFalse(Clusters.hazelcast(TestConfig.cluster("any")).getMetricsConfig().isEnabled());
  }
}

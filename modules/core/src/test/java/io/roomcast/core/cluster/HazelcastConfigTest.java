package io.roomcast.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.hazelcast.core.HazelcastInstance;
import io.roomcast.testing.TestCluster;
import io.roomcast.testing.TestConfig;
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
  void hazelcast_metrics_collection_stays_off() {
    assertFalse(Clusters.hazelcast(TestConfig.cluster("any")).getMetricsConfig().isEnabled());
  }
}

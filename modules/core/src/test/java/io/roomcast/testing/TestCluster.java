package io.roomcast.testing;

import io.roomcast.core.cluster.Clusters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Real clustered Vert.x instances (Hazelcast members on loopback) for tests, on a cluster name of
 * their own. Call from the test thread; {@link #close} in {@code @AfterEach}.
 */
public final class TestCluster implements AutoCloseable {
  private final String name = TestConfig.clusterName();
  private final List<Vertx> members = new ArrayList<>();

  public String name() {
    return name;
  }

  /** Starts and joins one more member. */
  public Vertx member() {
    Vertx v = Clusters.start(TestConfig.cluster(name), new VertxOptions()).await();
    members.add(v);
    return v;
  }

  @Override
  public void close() {
    Future.join(members.stream().map(Vertx::close).toList()).await();
    members.clear();
  }
}

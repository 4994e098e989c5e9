package io.roomcast.relay;

import io.roomcast.core.cluster.Clusters;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * A relay node in a process of its own, so a test can kill it for real: joins cluster {@code
 * args[0]}, relays to Redis {@code args[1]} in mode {@code args[2]}, prints {@code READY <node
 * id>}.
 */
public final class RelayNodeMain {
  private RelayNodeMain() {}

  public static void main(String[] args) {
    Vertx vertx = Clusters.start(TestConfig.cluster(args[0]), new VertxOptions()).await();
    vertx.deployVerticle(Relays.relay(vertx, Relays.config(args[0], args[1], args[2]))).await();
    System.out.println("READY " + Clusters.nodeId(vertx));
  }
}

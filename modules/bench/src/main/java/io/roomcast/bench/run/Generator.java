package io.roomcast.bench.run;

import io.roomcast.bench.client.Clients;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's Vert.x: {@code loops} event loops for subscriber connections plus one for
 * the publisher, so publishing keeps its pace however busy the readers are.
 */
public final class Generator implements AutoCloseable {
  private final Vertx vertx;
  private final List<Context> loops;
  private final Context publisherLoop;
  private final Clients clients;

  private Generator(Vertx vertx, List<Context> contexts, int maxConnections) {
    this.vertx = vertx;
    this.loops = List.copyOf(contexts.subList(0, contexts.size() - 1));
    this.publisherLoop = contexts.get(contexts.size() - 1);
    this.clients = new Clients(vertx, maxConnections);
  }

  public static Generator start(int loops, int maxConnections) {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(loops + 1)
                .setBlockedThreadCheckInterval(2_000)
                .setPreferNativeTransport(true));
    List<Context> contexts = Collections.synchronizedList(new ArrayList<>());
    vertx
        .deployVerticle(
            () ->
                new VerticleBase() {
                  @Override
                  public Future<?> start() {
                    contexts.add(context);
                    return Future.succeededFuture();
                  }
                },
            new DeploymentOptions().setInstances(loops + 1))
        .await();
    return new Generator(vertx, new ArrayList<>(contexts), maxConnections);
  }

  public Vertx vertx() {
    return vertx;
  }

  public Clients clients() {
    return clients;
  }

  /** The event loop for connection {@code index}. */
  public Context loop(int index) {
    return loops.get(index % loops.size());
  }

  public Context publisherLoop() {
    return publisherLoop;
  }

  @Override
  public void close() {
    try {
      clients.close();
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing at the end of a run: nothing left to protect
    }
  }
}

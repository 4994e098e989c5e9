package io.roomcast.relay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.bus.RecordCodec;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.client.RoomEvents;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.relay.RelayStatus;
import io.roomcast.history.ReplicatedHistoryStore;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Deploying relays on test members and asking the active one how it is. */
final class Relays {
  private Relays() {}

  /** A node config for {@code cluster} with the relay on {@code redisUrl}; fast reconnects. */
  static JsonObject config(String cluster, String redisUrl, String mode) {
    return TestConfig.node(cluster)
        .put(
            "redis",
            new JsonObject()
                .put("url", redisUrl)
                .put("mode", mode)
                .put("reconnectBaseMs", 50)
                .put("reconnectCapMs", 1000));
  }

  static void deploy(Vertx node, JsonObject config) {
    Await.result(node.deployVerticle(relay(node, config)));
  }

  /** A relay wired as a node's wiring does it, on {@code node}'s history and directory. */
  static RedisRelayVerticle relay(Vertx node, JsonObject config) {
    return new RedisRelayVerticle(
        RoomcastConfig.from(config),
        client(node),
        history(node),
        NamespaceDirectory.of(node, Departures.listen(node)),
        new SimpleMeterRegistry());
  }

  private static final Map<Vertx, HistoryStore> HISTORIES = new ConcurrentHashMap<>();

  /** {@code node}'s one history store (a node has one, answering the other members), started. */
  static HistoryStore history(Vertx node) {
    return HISTORIES.computeIfAbsent(
        node,
        n -> {
          HistoryStore store = new ReplicatedHistoryStore(n, HistoryConfig.defaults());
          Await.result(store.start());
          return store;
        });
  }

  /** A publishing client on {@code node}, storing durable events in {@link #history}. */
  static RoomcastClient client(Vertx node) {
    return RoomcastClient.create(
        node,
        history(node),
        new RoomEvents(node.eventBus(), NamespaceDirectory.of(node, Departures.listen(node))),
        new SimpleMeterRegistry());
  }

  /** The active relay's status, or a failed future when none answers. */
  static Future<RelayStatus> status(Vertx node) {
    RecordCodec.register(node, RelayStatus.class);
    return node.eventBus()
        .<RelayStatus>request(
            Addresses.RELAY_STATUS, null, new DeliveryOptions().setSendTimeout(500))
        .map(reply -> reply.body());
  }

  /** Polls the status until it satisfies {@code condition}; returns that status. */
  static RelayStatus awaitStatus(
      Vertx node, Duration timeout, String what, Predicate<RelayStatus> condition) {
    AtomicReference<RelayStatus> seen = new AtomicReference<>();
    Await.until(
        timeout,
        what,
        () -> {
          try {
            RelayStatus s = status(node).await();
            seen.set(s);
            return condition.test(s);
          } catch (RuntimeException noRelayYet) {
            return false;
          }
        });
    return seen.get();
  }

  static RelayStatus awaitConnected(Vertx node) {
    return awaitStatus(node, Duration.ofSeconds(20), "relay connected", RelayStatus::connected);
  }
}

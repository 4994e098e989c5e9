package io.roomcast.ingress;

import com.hazelcast.core.HazelcastInstance;
import io.roomcast.core.Addresses;
import io.roomcast.core.bus.RecordCodec;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.relay.RelayStatus;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/** The node's health checks: {@code /health} answers 503 as soon as one of them is down. */
final class Health {
  private static final long RELAY_TIMEOUT_MS = 2_500;
  private static final long BUS_TIMEOUT_MS = 2_000;

  private Health() {}

  static HealthChecks checks(Vertx vertx, RoomcastConfig config) {
    HealthChecks checks = HealthChecks.create(vertx);
    if (vertx.isClustered()) {
      String address = Addresses.health(Clusters.nodeId(vertx));
      vertx.eventBus().consumer(address, msg -> msg.reply(null));
      checks
          .register("cluster", 2_000, promise -> promise.complete(cluster(vertx)))
          .register("bus", BUS_TIMEOUT_MS + 500, promise -> bus(vertx, address, promise));
    }
    if (config.redis().enabled()) {
      RecordCodec.register(vertx, RelayStatus.class);
      checks.register("redis", 3_000, promise -> relay(vertx, promise));
    }
    return checks;
  }

  /**
   * Down when this node's Hazelcast member is no longer running (it left or lost the cluster).
   * Partition migration after a member leaves is not a failure: delivery goes on meanwhile, and a
   * whole cluster turning red at once would only make load balancers drop every node.
   */
  private static Status cluster(Vertx vertx) {
    HazelcastInstance hz = Clusters.manager(vertx).getHazelcastInstance();
    if (!hz.getLifecycleService().isRunning()) {
      return Status.KO(new JsonObject().put("state", "not a cluster member"));
    }
    return Status.OK(new JsonObject().put("members", hz.getCluster().getMembers().size()));
  }

  /**
   * A request through the clustered bus to this node's own health consumer: the registration is
   * resolved from the cluster's registration map, as every room publish is. Down when that lookup
   * or the reply does not come back in time.
   */
  private static void bus(Vertx vertx, String address, Promise<Status> promise) {
    long start = System.nanoTime();
    vertx
        .eventBus()
        .request(address, null, new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS))
        .map(
            reply ->
                Status.OK(
                    new JsonObject().put("roundTripMs", (System.nanoTime() - start) / 1_000_000)))
        .otherwise(
            err -> Status.KO(new JsonObject().put("error", String.valueOf(err.getMessage()))))
        .onSuccess(promise::complete);
  }

  /**
   * Asks the cluster's active relay, which PINGs Redis before it answers. No answer means no relay
   * is active (none deployed, or a takeover under way): down as well.
   */
  private static void relay(Vertx vertx, Promise<Status> promise) {
    vertx
        .eventBus()
        .<RelayStatus>request(
            Addresses.RELAY_STATUS, null, new DeliveryOptions().setSendTimeout(RELAY_TIMEOUT_MS))
        .map(reply -> status(reply.body()))
        .otherwise(
            err ->
                Status.KO(
                    new JsonObject()
                        .put("state", "no active relay")
                        .put("error", String.valueOf(err.getMessage()))))
        .onSuccess(promise::complete);
  }

  private static Status status(RelayStatus relay) {
    JsonObject data = JsonObject.mapFrom(relay);
    return relay.connected() ? Status.OK(data) : Status.KO(data);
  }
}

package io.roomcast.ingress;

import io.roomcast.core.Addresses;
import io.roomcast.core.bus.RecordCodec;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.relay.RelayStatus;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;

/** The node's health checks: {@code /health} answers 503 as soon as one of them is down. */
final class Health {
  private static final long RELAY_TIMEOUT_MS = 2_500;

  private Health() {}

  static HealthChecks checks(Vertx vertx, RoomcastConfig config) {
    HealthChecks checks =
        HealthChecks.create(vertx)
            .register("cluster", 5_000, ClusterHealthCheck.createProcedure(vertx));
    if (config.redis().enabled()) {
      RecordCodec.register(vertx, RelayStatus.class);
      checks.register("redis", 3_000, promise -> relay(vertx, promise));
    }
    return checks;
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

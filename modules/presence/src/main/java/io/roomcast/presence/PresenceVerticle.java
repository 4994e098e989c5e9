package io.roomcast.presence;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.Ids;
import io.roomcast.core.bus.BusError;
import io.roomcast.core.client.RoomEvents;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.config.PresenceConfig;
import io.roomcast.core.hooks.HookEvents;
import io.roomcast.core.metrics.Meters;
import io.roomcast.core.presence.PresenceCommand;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Cluster-wide presence, typing and read receipts. Commands arrive on {@link
 * Addresses#PRESENCE_COMMAND} (sent, so exactly one presence node handles each, and every command
 * sent with request gets a reply); snapshots are answered on {@link Addresses#PRESENCE_SNAPSHOT}.
 * State lives in a {@link PresenceStore}; the changes it reports are published as ephemeral events
 * on the room and its namespaces. The {@link Sweeper} handles expiry, lapsed leases and departed
 * nodes.
 */
public final class PresenceVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(PresenceVerticle.class.getName());

  private final PresenceConfig config;
  private final RoomEvents events;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Departures departures;
  private final HookEvents hooks;
  private PresenceStore store;
  private Sweeper sweeper;

  /**
   * @param events where the changes go out, on the room and its namespaces
   * @param clock the time of every command and sweep; tests move it instead of waiting
   * @param departures the node's membership listener: a departed node's pending work is adopted
   */
  public PresenceVerticle(
      PresenceConfig config,
      RoomEvents events,
      MeterRegistry meters,
      Clock clock,
      Departures departures) {
    this(config, events, meters, clock, departures, HookEvents.NONE);
  }

  /**
   * @param hooks gets {@code presence.online} and {@code presence.offline} of every room, each
   *     decided once in the cluster, here
   */
  public PresenceVerticle(
      PresenceConfig config,
      RoomEvents events,
      MeterRegistry meters,
      Clock clock,
      Departures departures,
      HookEvents hooks) {
    this.hooks = hooks;
    this.config = config;
    this.departures = departures;
    this.events = events;
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    if (!vertx.isClustered()) {
      return Future.failedFuture("presence needs a clustered Vert.x (Hazelcast)");
    }
    PresenceCommand.registerCodecs(vertx);
    BusError.register(vertx);
    HazelcastInstance hz = Clusters.manager(vertx).getHazelcastInstance();
    return HazelcastPresenceStore.create(vertx, hz, config)
        .compose(
            s -> {
              store = s;
              // owned entries only: summed over the nodes, each connection counts once
              Gauge.builder(
                      Meters.PRESENCE_ENTRIES,
                      hz,
                      h ->
                          h.getMap(PresenceMaps.CONNECTIONS)
                              .getLocalMapStats()
                              .getOwnedEntryCount())
                  .description("presence connections held by this node's share of the store")
                  .register(meters);
              sweeper =
                  new Sweeper(
                      vertx, hz, departures, Clusters.nodeId(vertx), s, clock, this::publish);
              return Future.all(
                  vertx
                      .eventBus()
                      .consumer(Addresses.PRESENCE_COMMAND, this::onCommand)
                      .completion(),
                  vertx
                      .eventBus()
                      .consumer(Addresses.PRESENCE_SNAPSHOT, this::onSnapshot)
                      .completion(),
                  vertx
                      .eventBus()
                      .<String>consumer(Addresses.ROOM_DELETED, this::onRoomDeleted)
                      .completion(),
                  sweeper.start(config.sweepMillis(), config.heartbeatSeconds() * 1000L));
            });
  }

  @Override
  public Future<?> stop() {
    return sweeper == null ? Future.succeededFuture() : sweeper.stop();
  }

  private void onCommand(Message<PresenceCommand> msg) {
    Instant now = clock.instant();
    Future.succeededFuture(msg.body())
        .map(Commands::check)
        .compose(cmd -> store.apply(cmd, now))
        .map(this::publish)
        .onSuccess(changes -> reply(msg, changes))
        .onFailure(err -> fail(msg, err));
  }

  private void onSnapshot(Message<JsonObject> msg) {
    Future.succeededFuture(msg.body())
        .map(body -> Ids.requireRoom(body == null ? null : body.getString("room")))
        .compose(room -> store.snapshot(room, clock.instant()))
        .onSuccess(snapshot -> msg.reply(snapshot.toJson()))
        .onFailure(err -> fail(msg, err));
  }

  /**
   * A deleted room is forgotten (every presence node does it: the delete is idempotent). Leaves
   * that the edges send as they drop their subscriptions find nothing left to announce.
   */
  private void onRoomDeleted(Message<String> msg) {
    String room = msg.body();
    if (Ids.isRoom(room)) {
      store
          .clear(room)
          .onFailure(err -> LOG.warning("presence of deleted room " + room + " kept: " + err));
    }
  }

  private List<Change> publish(List<Change> changes) {
    Instant now = clock.instant();
    for (Change c : changes) {
      events.publish(c.toEnvelope(now));
      if (hooks.wants(c.type())) {
        hooks.emit(c.type(), c.room(), c.user(), new JsonObject().put("status", c.detail()));
      }
    }
    return changes;
  }

  /** {@code {"events":[types]}}: what the command caused, in order. */
  private static void reply(Message<?> msg, List<Change> changes) {
    msg.reply(
        new JsonObject().put("events", new JsonArray(changes.stream().map(Change::type).toList())));
  }

  /** A coded refusal ({@link BusError}); a failure without a code is logged there, once. */
  private static void fail(Message<?> msg, Throwable err) {
    BusError.reply(msg, err, LOG);
  }

  /** Runs a sweep now, lease check included (tests drive time with the injected clock). */
  Future<List<Change>> tick() {
    return onContext(() -> sweeper.tick(true));
  }

  /** Runs the departure sweep for {@code node} now, as a membership event would. */
  Future<List<Change>> nodeLeft(String node) {
    return onContext(() -> sweeper.nodeLeft(node));
  }

  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }
}

package io.roomcast.presence;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The work no command triggers. Every presence node, every {@code sweepMillis}, ends what its own
 * deadlines make due (a local look, no store access while nothing is due). The sweeper, the oldest
 * cluster member that runs presence (members are ordered by age, and presence nodes register in
 * {@value #NODES}), also removes the connections of nodes whose lease lapsed, checked once per
 * lease period, and, when a member leaves the cluster, the connections it held, adopting the
 * deadlines it may have kept. If views differ for a moment and two nodes sweep, the store's atomic
 * removals still announce each change once.
 *
 * <p>Sweeps run one at a time on the verticle's context; a tick that finds one running is skipped.
 */
final class Sweeper {
  static final String NODES = "roomcast-presence.nodes";

  /** The member attribute where Vert.x keeps the bus node id. */
  private static final Logger LOG = Logger.getLogger(Sweeper.class.getName());

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hz;
  private final IMap<String, Long> nodes;
  private final String self;
  private final PresenceStore store;
  private final Clock clock;
  private final Function<List<Change>, List<Change>> publisher;
  private Future<List<Change>> running = Future.succeededFuture(List.of());
  private final Departures departures;
  private Runnable stopListening;
  private long timer = -1;
  private long ticks;

  Sweeper(
      Vertx vertx,
      HazelcastInstance hz,
      Departures departures,
      String self,
      PresenceStore store,
      Clock clock,
      Function<List<Change>, List<Change>> publisher) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.hz = hz;
    this.departures = departures;
    this.nodes = hz.getMap(NODES);
    this.self = self;
    this.store = store;
    this.clock = clock;
    this.publisher = publisher;
  }

  /**
   * Ticks every {@code periodMs}; lease checks every {@code leaseMs} (rounded up to whole ticks).
   */
  Future<Void> start(long periodMs, long leaseMs) {
    // departures arrive on a Hazelcast thread; the work hops to the verticle's context
    stopListening =
        departures.onDeparture(
            member -> {
              if (member.nodeId() != null) {
                context.runOnContext(v -> nodeLeft(member.nodeId()));
              }
            });
    long leaseEvery = Math.max(1, (leaseMs + periodMs - 1) / periodMs);
    timer =
        vertx.setPeriodic(
            periodMs,
            id -> {
              ticks++;
              if (running.isComplete()) {
                tick(ticks % leaseEvery == 0);
              }
            });
    return Clusters.onContext(nodes.setAsync(self, clock.millis()), context);
  }

  Future<Void> stop() {
    vertx.cancelTimer(timer);
    if (stopListening != null) {
      stopListening.run();
    }
    return Clusters.onContext(nodes.removeAsync(self), context).mapEmpty();
  }

  /**
   * Ends what this node's deadlines make due now and, with {@code leases} and if this node is the
   * sweeper, what lapsed leases leave behind; the changes it published.
   */
  Future<List<Change>> tick(boolean leases) {
    return serially(
        () -> {
          Future<List<Change>> due = store.expire(clock.instant());
          return leases ? due.compose(d -> asSweeper(() -> lapsed(d))) : due;
        });
  }

  private Future<List<Change>> lapsed(List<Change> before) {
    return store.expireLeases(clock.instant()).map(after -> concat(before, after));
  }

  /** Removes a departed node's connections and adopts pending deadlines, if this is the sweeper. */
  Future<List<Change>> nodeLeft(String node) {
    return serially(
        () ->
            asSweeper(
                () ->
                    store
                        .dropNode(node, clock.instant())
                        .compose(changes -> store.adopt().map(changes))
                        .compose(
                            changes ->
                                Clusters.onContext(nodes.removeAsync(node), context)
                                    .map(changes))));
  }

  private Future<List<Change>> serially(Supplier<Future<List<Change>>> work) {
    running =
        running
            .transform(previous -> work.get())
            .map(publisher)
            .onFailure(err -> LOG.log(Level.WARNING, "presence sweep failed", err));
    return running;
  }

  private Future<List<Change>> asSweeper(Supplier<Future<List<Change>>> work) {
    return isSweeper().compose(sweeper -> sweeper ? work.get() : Future.succeededFuture(List.of()));
  }

  private static List<Change> concat(List<Change> a, List<Change> b) {
    List<Change> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** True when no older live member runs presence. */
  private Future<Boolean> isSweeper() {
    return vertx.executeBlocking(
        () -> {
          // one key lookup per member until the oldest presence node is found (usually one),
          // not a scan of every partition each tick
          for (Member m : hz.getCluster().getMembers()) { // oldest first
            String id = m.getAttribute(Departures.NODE_ID_ATTRIBUTE);
            if (id != null && nodes.containsKey(id)) {
              return id.equals(self);
            }
          }
          return false;
        },
        false);
  }
}

package io.roomcast.presence;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.roomcast.core.cluster.Clusters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The work no command triggers: every {@code sweepMillis} end due typing, grace periods and
 * connections past the TTL; when a member leaves the cluster, remove the connections it held. One
 * presence node does it, the sweeper: the oldest cluster member that runs presence (members are
 * ordered by age, and presence nodes register in {@value #NODES}). If views differ for a moment and
 * two nodes sweep, the store's atomic removals still announce each change once.
 *
 * <p>Sweeps run one at a time on the verticle's context; a tick that finds one running is skipped.
 */
final class Sweeper {
  static final String NODES = "roomcast-presence.nodes";

  /** The member attribute where Vert.x keeps the bus node id (VERTX5.md §3). */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

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
  private UUID listener;
  private long timer = -1;

  Sweeper(
      Vertx vertx,
      HazelcastInstance hz,
      String self,
      PresenceStore store,
      Clock clock,
      Function<List<Change>, List<Change>> publisher) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.hz = hz;
    this.nodes = hz.getMap(NODES);
    this.self = self;
    this.store = store;
    this.clock = clock;
    this.publisher = publisher;
  }

  Future<Void> start(long periodMs) {
    listener = hz.getCluster().addMembershipListener(new Departures());
    timer =
        vertx.setPeriodic(
            periodMs,
            id -> {
              if (running.isComplete()) {
                tick();
              }
            });
    return Clusters.onContext(nodes.setAsync(self, clock.millis()), context);
  }

  Future<Void> stop() {
    vertx.cancelTimer(timer);
    if (listener != null) {
      hz.getCluster().removeMembershipListener(listener);
    }
    return Clusters.onContext(nodes.removeAsync(self), context).mapEmpty();
  }

  /** Ends what is due now, if this node is the sweeper; the changes it published. */
  Future<List<Change>> tick() {
    return serially(() -> store.expire(clock.instant()));
  }

  /** Removes a departed node's connections, if this node is the sweeper. */
  Future<List<Change>> nodeLeft(String node) {
    return serially(
        () ->
            store
                .dropNode(node, clock.instant())
                .compose(
                    changes -> Clusters.onContext(nodes.removeAsync(node), context).map(changes)));
  }

  private Future<List<Change>> serially(Supplier<Future<List<Change>>> work) {
    running =
        running
            .transform(previous -> isSweeper())
            .compose(sweeper -> sweeper ? work.get() : Future.succeededFuture(List.of()))
            .map(publisher)
            .onFailure(err -> LOG.log(Level.WARNING, "presence sweep failed", err));
    return running;
  }

  /** True when no older live member runs presence. */
  private Future<Boolean> isSweeper() {
    return vertx.executeBlocking(
        () -> {
          // one key lookup per member until the oldest presence node is found (usually one),
          // not a scan of every partition each tick
          for (Member m : hz.getCluster().getMembers()) { // oldest first
            String id = m.getAttribute(NODE_ID_ATTRIBUTE);
            if (id != null && nodes.containsKey(id)) {
              return id.equals(self);
            }
          }
          return false;
        },
        false);
  }

  /** Hazelcast calls this on its own threads; the work hops to the verticle's context. */
  private final class Departures implements MembershipListener {
    @Override
    public void memberAdded(MembershipEvent event) {}

    @Override
    public void memberRemoved(MembershipEvent event) {
      String node = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
      if (node != null) {
        context.runOnContext(v -> nodeLeft(node));
      }
    }
  }
}

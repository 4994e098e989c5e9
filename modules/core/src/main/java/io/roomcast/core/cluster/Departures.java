package io.roomcast.core.cluster;

import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The node's one listener on cluster membership. Every part that reacts to a member leaving (the
 * namespace directory, the edge's catch-up, the presence sweeper) registers here instead of on
 * Hazelcast, so a departure is seen once and handed to each of them.
 */
public final class Departures {
  /** Vert.x's node id is a Hazelcast member attribute under this name. */
  public static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  /** A member that left: its Hazelcast uuid and its Vert.x node id (null if it had none yet). */
  public record Departed(String uuid, String nodeId) {}

  private final List<Consumer<Departed>> listeners = new CopyOnWriteArrayList<>();

  private Departures() {}

  /** Starts listening to {@code vertx}'s cluster (no departures when it is not clustered). */
  public static Departures listen(Vertx vertx) {
    Departures departures = new Departures();
    if (vertx.isClustered()) {
      Clusters.manager(vertx)
          .getHazelcastInstance()
          .getCluster()
          .addMembershipListener(
              new MembershipAdapter() {
                @Override
                public void memberRemoved(MembershipEvent event) {
                  departures.departed(
                      new Departed(
                          event.getMember().getUuid().toString(),
                          event.getMember().getAttribute(NODE_ID_ATTRIBUTE)));
                }
              });
    }
    return departures;
  }

  /**
   * Calls {@code listener} for every member that leaves from now on, on a Hazelcast thread (hop to
   * your own context); the returned action stops it.
   */
  public Runnable onDeparture(Consumer<Departed> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void departed(Departed member) {
    for (Consumer<Departed> listener : listeners) {
      listener.accept(member);
    }
  }
}

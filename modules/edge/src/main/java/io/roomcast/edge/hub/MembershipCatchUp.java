package io.roomcast.edge.hub;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;

/**
 * When a member leaves, bus messages in flight to or from it are lost, and so are those published
 * while the survivors re-register their consumers: every room topic of the hub reads history for
 * what it may have missed, at once and again once the survivors have re-registered.
 */
public final class MembershipCatchUp extends MembershipAdapter {
  /** How long after a member leaves the survivors have re-registered their consumers. */
  static final long REREGISTER_MS = 2_000;

  private final NodeHub hub;
  private final Timers timers;

  private MembershipCatchUp(NodeHub hub, Timers timers) {
    this.hub = hub;
    this.timers = timers;
  }

  /** Starts listening to {@code cluster}'s membership for {@code hub}. */
  public static void listen(Cluster cluster, NodeHub hub, Timers timers) {
    cluster.addMembershipListener(new MembershipCatchUp(hub, timers));
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    hub.catchUp();
    timers.set(REREGISTER_MS, id -> hub.catchUp());
  }
}

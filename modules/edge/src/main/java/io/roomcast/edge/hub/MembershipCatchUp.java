package io.roomcast.edge.hub;

import io.roomcast.core.cluster.Departures;

/**
 * When a member leaves, bus messages in flight to or from it are lost, and so are those published
 * while the survivors re-register their consumers: every room topic of the hub reads history for
 * what it may have missed, at once and again once the survivors have re-registered.
 */
public final class MembershipCatchUp {
  /** How long after a member leaves the survivors have re-registered their consumers. */
  static final long REREGISTER_MS = 2_000;

  private MembershipCatchUp() {}

  /** Catches {@code hub} up after every departure. */
  public static void listen(Departures departures, NodeHub hub, Timers timers) {
    departures.onDeparture(
        member -> {
          hub.catchUp();
          timers.set(REREGISTER_MS, id -> hub.catchUp());
        });
  }
}

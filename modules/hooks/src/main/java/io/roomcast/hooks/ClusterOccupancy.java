package io.roomcast.hooks;

import com.hazelcast.map.IMap;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.hooks.HookEvents;
import io.roomcast.core.hooks.Occupancy;
import io.roomcast.hooks.Occupants.Outcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The cluster's view of occupied rooms and online users, for {@code room.occupied}, {@code
 * room.vacated}, {@code user.online} and {@code user.offline}. Each edge reports only its own
 * transitions ({@link Occupancy}); they become entry processors on {@link Occupants}, and the one
 * call that finds the room or user newly occupied, or finally empty, emits the webhook. A user's
 * departure waits out {@code presence.offlineGraceSeconds} (a reload or a failover does not flap);
 * a room's does not wait.
 *
 * <p>One key's changes from this node are applied one after the other, in the order they were
 * reported. When a member leaves, every survivor takes its node out of the entries it held (only
 * the change that empties an entry reports it) and re-arms the grace timers it may have held.
 */
public final class ClusterOccupancy implements Occupancy {
  private static final Logger LOG = Logger.getLogger(ClusterOccupancy.class.getName());

  private final HookEvents hooks;
  private final boolean rooms;
  private final boolean users;
  private final long userGraceMs;
  private final Clock clock;
  private final Map<String, Future<?>> tails = new HashMap<>();
  private Vertx vertx;
  private Context context;
  private String node;
  private volatile IMap<String, Occupants> map;

  /**
   * @param userGraceMs how long a user with no connection left stays online
   */
  public ClusterOccupancy(HookEvents hooks, long userGraceMs, Clock clock) {
    this.hooks = hooks;
    this.rooms = hooks.wants("room.occupied") || hooks.wants("room.vacated");
    this.users = hooks.wants("user.online") || hooks.wants("user.offline");
    this.userGraceMs = userGraceMs;
    this.clock = clock;
  }

  /** Whether any webhook wants what this watches (else the node wires {@link Occupancy#NONE}). */
  public boolean watches() {
    return rooms || users;
  }

  /** Opens the map (blocking: call on a worker) and starts following departures. */
  void open(Vertx vertx, Context context, String node, IMap<String, Occupants> map, Departures d) {
    this.vertx = vertx;
    this.context = context;
    this.node = node;
    this.map = map;
    d.onDeparture(
        departed -> {
          if (departed.nodeId() != null) {
            context.runOnContext(v -> departed(departed.nodeId()));
          }
        });
  }

  @Override
  public void roomEntered(String room) {
    if (rooms) {
      change(Occupants.roomKey(room), true);
    }
  }

  @Override
  public void roomLeft(String room) {
    if (rooms) {
      change(Occupants.roomKey(room), false);
    }
  }

  @Override
  public void userConnected(String user) {
    if (users) {
      change(Occupants.userKey(user), true);
    }
  }

  @Override
  public void userDisconnected(String user) {
    if (users) {
      change(Occupants.userKey(user), false);
    }
  }

  private void change(String key, boolean arrived) {
    Context ctx = context;
    if (ctx == null) {
      LOG.fine("occupancy change before the hooks started: " + key);
      return;
    }
    ctx.runOnContext(v -> inOrder(key, arrived));
  }

  /** Chains the key's changes from this node, so an arrival and a departure never swap. */
  private void inOrder(String key, boolean arrived) {
    Future<?> before = tails.get(key);
    Future<Outcome> next =
        before == null ? apply(key, arrived) : before.transform(ar -> apply(key, arrived));
    tails.put(key, next);
    next.onComplete(
        ar -> {
          tails.remove(key, next);
          if (ar.failed()) {
            LOG.warning("occupancy of " + key + " not updated: " + ar.cause());
          }
        });
  }

  private Future<Outcome> apply(String key, boolean arrived) {
    long grace = graceOf(key);
    var processor =
        arrived ? new Occupants.Arrive(node) : new Occupants.Depart(node, clock.millis(), grace);
    return Clusters.onContext(map.submitToKey(key, processor), context)
        .onSuccess(outcome -> decided(key, outcome));
  }

  private long graceOf(String key) {
    return key.startsWith("user:") ? userGraceMs : 0;
  }

  private void decided(String key, Outcome outcome) {
    switch (outcome.kind()) {
      case ARRIVED -> announce(key, true);
      case GONE -> announce(key, false);
      case GRACE -> {
        long delay = Math.max(1, outcome.dueAt() - clock.millis());
        vertx.setTimer(delay, t -> expire(key));
      }
      case NONE -> {}
    }
  }

  private void expire(String key) {
    Clusters.onContext(
            map.submitToKey(key, new Occupants.Expire(clock.millis(), graceOf(key))), context)
        .onSuccess(outcome -> decided(key, outcome))
        .onFailure(err -> LOG.warning("occupancy grace of " + key + " not ended: " + err));
  }

  private void announce(String key, boolean arrived) {
    int colon = key.indexOf(':');
    String id = key.substring(colon + 1);
    if (key.startsWith("room:")) {
      hooks.emit(arrived ? "room.occupied" : "room.vacated", id, null, null);
    } else {
      hooks.emit(arrived ? "user.online" : "user.offline", null, id, null);
    }
  }

  /** A member left: its node leaves every entry it held; graces it may have timed are re-armed. */
  private void departed(String gone) {
    long now = clock.millis();
    vertx
        .executeBlocking(
            () -> {
              Map<String, Outcome> out = new HashMap<>();
              // rooms and users differ by grace: one pass each, over the entries concerned only
              out.putAll(
                  map.executeOnEntries(new Occupants.Depart(gone, now, 0), new RoomsHeldBy(gone)));
              out.putAll(
                  map.executeOnEntries(
                      new Occupants.Depart(gone, now, userGraceMs), new UsersHeldBy(gone)));
              return out;
            },
            false)
        .onSuccess(out -> out.forEach(this::decided))
        .onFailure(err -> LOG.warning("occupancy of departed node " + gone + " not swept: " + err));
  }

  record RoomsHeldBy(String node) implements com.hazelcast.query.Predicate<String, Occupants> {
    @Override
    public boolean apply(Map.Entry<String, Occupants> entry) {
      return entry.getKey().startsWith("room:") && new Occupants.HeldBy(node).apply(entry);
    }
  }

  record UsersHeldBy(String node) implements com.hazelcast.query.Predicate<String, Occupants> {
    @Override
    public boolean apply(Map.Entry<String, Occupants> entry) {
      return entry.getKey().startsWith("user:") && new Occupants.HeldBy(node).apply(entry);
    }
  }
}

package io.roomcast.presence;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.PresenceConfig;
import io.roomcast.core.presence.PresenceCommand;
import io.roomcast.presence.ConnectionProcessors.Connection;
import io.roomcast.presence.RoomProcessors.Kind;
import io.roomcast.presence.RoomProcessors.Update;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * Presence in Hazelcast maps: {@value #ROOMS} (room id → {@link RoomState}), {@value #CONNECTIONS}
 * (connection id → user, node and rooms) and {@value #LEASES} (node id → when its edge last renewed
 * its lease). Changes are entry processors on the key's partition, so they are atomic without
 * locks. Rooms and connections keep values as objects: a change to a 10,000-member room touches one
 * user, not a serialized copy of the room.
 *
 * <p>Nothing here costs per idle connection: liveness is one lease per node, deadlines are kept by
 * the node that set them ({@link Deadlines}), and scans run only when a node departs or its lease
 * lapses. Single-key operations use the async API; scans run on a worker thread. Results come back
 * on the verticle's context.
 */
final class HazelcastPresenceStore implements PresenceStore {
  // outside cluster.xml's "roomcast.*" pattern: a static pattern match beats dynamic map config
  static final String ROOMS = "roomcast-presence.rooms";
  static final String CONNECTIONS = "roomcast-presence.connections";
  static final String LEASES = "roomcast-presence.leases";

  private static final Logger LOG = Logger.getLogger(HazelcastPresenceStore.class.getName());

  /** A backend setting a user's status without a connection acts through this stand-in. */
  private static final String ON_BEHALF_PREFIX = "api:";

  private final Vertx vertx;
  private final Context context;
  private final IMap<String, RoomState> rooms;
  private final IMap<String, Connection> connections;
  private final IMap<String, Long> leases;
  private final Deadlines deadlines = new Deadlines();
  private final Timing timing;
  private final long ttlMs;

  private HazelcastPresenceStore(
      Vertx vertx, Context context, HazelcastInstance hz, PresenceConfig config) {
    this.vertx = vertx;
    this.context = context;
    this.rooms = hz.getMap(ROOMS);
    this.connections = hz.getMap(CONNECTIONS);
    this.leases = hz.getMap(LEASES);
    this.timing = Timing.of(config);
    this.ttlMs = config.ttlSeconds() * 1000L;
  }

  /** Configures the maps cluster-wide (same settings from every node), then opens them. */
  static Future<PresenceStore> create(Vertx vertx, HazelcastInstance hz, PresenceConfig config) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(
        () -> {
          hz.getConfig().addMapConfig(new MapConfig(LEASES).setBackupCount(1));
          for (String name : List.of(ROOMS, CONNECTIONS)) {
            hz.getConfig()
                .addMapConfig(
                    new MapConfig(name).setInMemoryFormat(InMemoryFormat.OBJECT).setBackupCount(1));
            if (hz.getConfig().findMapConfig(name).getInMemoryFormat() != InMemoryFormat.OBJECT) {
              LOG.warning(
                  "map " + name + " is not in OBJECT format: each change copies the whole room");
            }
          }
          return new HazelcastPresenceStore(vertx, context, hz, config);
        },
        false);
  }

  @Override
  public Future<List<Change>> apply(PresenceCommand cmd, Instant at) {
    long now = at.toEpochMilli();
    String room = cmd.room();
    String user = cmd.user();
    String conn = cmd.connection();
    return switch (cmd.op()) {
      case JOIN ->
          track(conn, user, cmd.node(), room, now)
              .compose(v -> room(room, update(Kind.JOIN, user, conn, cmd.node(), cmd.seq(), now)));
      case LEAVE ->
          room(room, update(Kind.LEAVE, user, conn, null, cmd.seq(), now))
              .compose(changes -> untrack(conn, room).map(changes))
              .onSuccess(
                  changes -> {
                    graceFrom(room, now);
                    if (cmd.seq() > 0) {
                      deadlines.room(room, now + RoomState.LEAVE_MEMORY_MS);
                    }
                  });
      case HEARTBEAT -> on(leases.setAsync(cmd.node(), now)).map(List.of());
      case STATUS ->
          conn == null
              ? track(ON_BEHALF_PREFIX + user, user, null, room, now)
                  .compose(
                      v ->
                          room(
                              room,
                              update(
                                  Kind.STATUS_ON_BEHALF,
                                  user,
                                  ON_BEHALF_PREFIX + user,
                                  cmd.value(),
                                  0,
                                  now)))
                  .onSuccess(
                      changes -> {
                        graceFrom(room, now);
                        deadlines.standIn(ON_BEHALF_PREFIX + user, now + ttlMs + 1);
                      })
              : room(room, update(Kind.STATUS, user, conn, cmd.value(), 0, now));
      case TYPING ->
          room(room, update(Kind.TYPING, user, conn, cmd.value(), 0, now))
              .onSuccess(
                  changes -> {
                    if (Boolean.parseBoolean(cmd.value())) {
                      deadlines.room(room, now + timing.typingMs());
                    }
                  });
      case PUBLISHED -> room(room, update(Kind.TYPING, user, conn, "false", 0, now));
      case READ -> room(room, update(Kind.READ, user, conn, cmd.value(), 0, now));
    };
  }

  @Override
  public Future<RoomSnapshot> snapshot(String room, Instant now) {
    return on(rooms.submitToKey(room, new RoomProcessors.Read()));
  }

  @Override
  public Future<List<Change>> expire(Instant at) {
    long now = at.toEpochMilli();
    List<Future<List<Change>>> done = new ArrayList<>();
    for (Deadlines.Due due : deadlines.take(now)) {
      done.add(
          switch (due.kind()) {
            case ROOM -> room(due.key(), update(Kind.EXPIRE, null, null, null, 0, now));
            case ADOPTED_ROOM ->
                room(due.key(), update(Kind.EXPIRE, null, null, null, 0, now))
                    .compose(changes -> keepNextDue(due.key(), now).map(changes));
            case STAND_IN ->
                on(connections.submitToKey(
                        due.key(), new ConnectionProcessors.RemoveIfStale(now - ttlMs)))
                    .compose(
                        removed ->
                            removed == null
                                ? Future.succeededFuture(List.<Change>of())
                                : dropAll(Map.of(due.key(), removed), now));
          });
    }
    return collect(done);
  }

  @Override
  public Future<List<Change>> expireLeases(Instant at) {
    long now = at.toEpochMilli();
    return blocking(
            () -> {
              // one entry per node: a small read, whatever the number of connections
              List<Map.Entry<String, Long>> lapsed = new ArrayList<>();
              for (Map.Entry<String, Long> lease : leases.entrySet()) {
                if (lease.getValue() < now - ttlMs) {
                  lapsed.add(lease);
                }
              }
              return lapsed;
            })
        .compose(
            lapsed -> {
              List<Future<List<Change>>> drops = new ArrayList<>();
              for (Map.Entry<String, Long> lease : lapsed) {
                LOG.info("presence lease of node " + lease.getKey() + " lapsed: its users leave");
                drops.add(dropNode(lease.getKey(), at));
              }
              return collect(drops);
            });
  }

  @Override
  public Future<List<Change>> dropNode(String node, Instant at) {
    long now = at.toEpochMilli();
    return blocking(
            () -> {
              Map<String, List<Change>> changes =
                  rooms.executeOnEntries(
                      update(Kind.DROP_NODE, null, null, node, 0, now),
                      new RoomProcessors.HoldsNode(node));
              connections.removeAll(new ConnectionProcessors.OnNode(node));
              leases.delete(node);
              return changes;
            })
        .map(
            changes -> {
              changes.keySet().forEach(room -> graceFrom(room, now));
              return flatten(changes);
            });
  }

  @Override
  public Future<Void> adopt() {
    return blocking(
        () -> {
          Map<String, Long> due =
              rooms.executeOnEntries(
                  new RoomProcessors.NextDue(), new RoomProcessors.DueBy(Long.MAX_VALUE));
          due.forEach((room, at) -> deadlines.adoptedRoom(room, at));
          for (Map.Entry<String, Connection> c :
              connections.entrySet(new ConnectionProcessors.StandIn())) {
            deadlines.standIn(c.getKey(), c.getValue().lastSeen() + ttlMs + 1);
          }
          return null;
        });
  }

  /** Keeps an adopted room's next deadline, which no live node may hold. */
  private Future<Void> keepNextDue(String room, long now) {
    return on(rooms.submitToKey(room, new RoomProcessors.NextDue()))
        .map(
            at -> {
              if (at != null && at != 0) {
                deadlines.adoptedRoom(room, Math.max(at, now + 1));
              }
              return null;
            });
  }

  /** The user's last connection in {@code room} may have gone at {@code now}: its grace ends. */
  private void graceFrom(String room, long now) {
    if (timing.graceMs() > 0) {
      deadlines.room(room, now + timing.graceMs());
    }
  }

  /** Leaves every room of connections that expired. */
  private Future<List<Change>> dropAll(Map<String, Connection> removed, long now) {
    List<Future<List<Change>>> drops = new ArrayList<>();
    removed.forEach(
        (id, c) -> {
          if (c != null) {
            for (String room : c.rooms()) {
              drops.add(
                  room(room, update(Kind.DROP, c.user(), id, null, 0, now))
                      .onSuccess(changes -> graceFrom(room, now)));
            }
          }
        });
    return collect(drops);
  }

  private Future<Void> track(String conn, String user, String node, String room, long now) {
    return on(connections.submitToKey(conn, new ConnectionProcessors.Track(user, node, room, now)));
  }

  private Future<Void> untrack(String conn, String room) {
    return on(connections.submitToKey(conn, new ConnectionProcessors.Untrack(room)));
  }

  private Update update(Kind kind, String user, String conn, String value, long seq, long now) {
    return new Update(kind, user, conn, value, seq, now, timing);
  }

  private Future<List<Change>> room(String room, Update update) {
    return on(rooms.submitToKey(room, update));
  }

  private <T> Future<T> on(CompletionStage<T> stage) {
    return Clusters.onContext(stage, context);
  }

  private <T> Future<T> blocking(Callable<T> scan) {
    return vertx.executeBlocking(scan, false);
  }

  private static Future<List<Change>> collect(List<Future<List<Change>>> all) {
    return Future.all(all).map(v -> concat(all.stream().map(Future::result).toList()));
  }

  private static List<Change> flatten(Map<String, List<Change>> byRoom) {
    return concat(byRoom.values());
  }

  private static List<Change> concat(Collection<List<Change>> lists) {
    List<Change> out = new ArrayList<>();
    for (List<Change> l : lists) {
      if (l != null) {
        out.addAll(l);
      }
    }
    return out;
  }
}

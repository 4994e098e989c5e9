package io.roomcast.presence;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.RoomcastConfig.PresenceConfig;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * Presence in two Hazelcast maps: {@value #ROOMS} (room id → {@link RoomState}) and {@value
 * #CONNECTIONS} (connection id → rooms and last heartbeat). Changes are entry processors on the
 * key's partition, so they are atomic without locks. Both maps keep values as objects: a change to
 * a 10,000-member room touches one user, not a serialized copy of the room.
 *
 * <p>Single-key operations use the async API; scans (sweeps) run on a worker thread. Results come
 * back on the verticle's context.
 */
final class HazelcastPresenceStore implements PresenceStore {
  // outside cluster.xml's "roomcast.*" pattern: a static pattern match beats dynamic map config
  static final String ROOMS = "roomcast-presence.rooms";
  static final String CONNECTIONS = "roomcast-presence.connections";

  private static final Logger LOG = Logger.getLogger(HazelcastPresenceStore.class.getName());

  /** A backend setting a user's status without a connection acts through this stand-in. */
  private static final String ON_BEHALF_PREFIX = "api:";

  private final Vertx vertx;
  private final Context context;
  private final IMap<String, RoomState> rooms;
  private final IMap<String, Connection> connections;
  private final Timing timing;
  private final long ttlMs;

  private HazelcastPresenceStore(
      Vertx vertx, Context context, HazelcastInstance hz, PresenceConfig config) {
    this.vertx = vertx;
    this.context = context;
    this.rooms = hz.getMap(ROOMS);
    this.connections = hz.getMap(CONNECTIONS);
    this.timing = Timing.of(config);
    this.ttlMs = config.ttlSeconds() * 1000L;
  }

  /** Configures the maps cluster-wide (same settings from every node), then opens them. */
  static Future<PresenceStore> create(Vertx vertx, HazelcastInstance hz, PresenceConfig config) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(
        () -> {
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
              .compose(changes -> untrack(conn, room).map(changes));
      case HEARTBEAT -> heartbeat(conn, now);
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
              : room(room, update(Kind.STATUS, user, conn, cmd.value(), 0, now));
      case TYPING -> room(room, update(Kind.TYPING, user, conn, cmd.value(), 0, now));
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
    long cutoff = now - ttlMs;
    Future<List<Change>> due =
        blocking(
            () ->
                flatten(
                    rooms.executeOnEntries(
                        update(Kind.EXPIRE, null, null, null, 0, now),
                        new RoomProcessors.DueBy(now))));
    Future<List<Change>> stale =
        blocking(
                () ->
                    connections.executeOnEntries(
                        new ConnectionProcessors.RemoveIfStale(cutoff),
                        new ConnectionProcessors.SeenBefore(cutoff)))
            .compose(removed -> dropAll(removed, now));
    return Future.all(due, stale).map(all -> concat(due.result(), stale.result()));
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
          return flatten(changes);
        });
  }

  /** Leaves every room of connections that expired. */
  private Future<List<Change>> dropAll(Map<String, Connection> removed, long now) {
    List<Future<List<Change>>> drops = new ArrayList<>();
    removed.forEach(
        (id, c) -> {
          if (c != null) {
            for (String room : c.rooms()) {
              drops.add(room(room, update(Kind.DROP, c.user(), id, null, 0, now)));
            }
          }
        });
    return Future.all(drops).map(all -> concat(drops.stream().map(Future::result).toList()));
  }

  private Future<Void> track(String conn, String user, String node, String room, long now) {
    return on(connections.submitToKey(conn, new ConnectionProcessors.Track(user, node, room, now)));
  }

  private Future<Void> untrack(String conn, String room) {
    return on(connections.submitToKey(conn, new ConnectionProcessors.Untrack(room)));
  }

  private Future<List<Change>> heartbeat(String joinedIds, long now) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : joinedIds == null ? new String[0] : joinedIds.split(",")) {
      if (!id.isBlank()) {
        ids.add(id.trim());
      }
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return on(connections.submitToKeys(ids, new ConnectionProcessors.Touch(now))).map(List.of());
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

  private static List<Change> flatten(Map<String, List<Change>> byRoom) {
    return concat(byRoom.values());
  }

  @SafeVarargs
  private static List<Change> concat(List<Change>... lists) {
    return concat(List.of(lists));
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

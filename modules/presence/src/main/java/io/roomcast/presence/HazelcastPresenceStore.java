package io.roomcast.presence;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.roomcast.core.config.PresenceConfig;
import io.roomcast.core.presence.PresenceCommand;
import io.roomcast.core.presence.PresenceCommand.Heartbeat;
import io.roomcast.core.presence.PresenceCommand.Join;
import io.roomcast.core.presence.PresenceCommand.Leave;
import io.roomcast.core.presence.PresenceCommand.Published;
import io.roomcast.core.presence.PresenceCommand.Read;
import io.roomcast.core.presence.PresenceCommand.Status;
import io.roomcast.core.presence.PresenceCommand.Typing;
import io.roomcast.presence.ConnectionProcessors.Connection;
import io.roomcast.presence.RoomProcessors.Kind;
import io.roomcast.presence.RoomProcessors.Update;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Presence in Hazelcast maps: {@value PresenceMaps#ROOMS} (room id → {@link RoomState}), {@value
 * PresenceMaps#CONNECTIONS} (connection id → user, node and rooms) and {@value PresenceMaps#LEASES}
 * (node id → when its edge last renewed its lease). Changes are entry processors on the key's
 * partition, so they are atomic without locks. Rooms and connections keep values as objects: a
 * change to a 10,000-member room touches one user, not a serialized copy of the room.
 *
 * <p>Nothing here costs per idle connection: liveness is one lease per node, deadlines are kept by
 * the node that set them ({@link Deadlines}), and scans run only when a node departs or its lease
 * lapses. Single-key operations use the async API; scans run on a worker thread. Results come back
 * on the verticle's context.
 */
final class HazelcastPresenceStore implements PresenceStore {
  private static final Logger LOG = Logger.getLogger(HazelcastPresenceStore.class.getName());

  /** A backend setting a user's status without a connection acts through this stand-in. */
  private static final String ON_BEHALF_PREFIX = "api:";

  private final PresenceMaps maps;
  private final IMap<String, RoomState> rooms;
  private final IMap<String, Connection> connections;
  private final IMap<String, Long> leases;
  private final Deadlines deadlines = new Deadlines();
  private final Timing timing;
  private final long ttlMs;

  private HazelcastPresenceStore(PresenceMaps maps, PresenceConfig config) {
    this.maps = maps;
    this.rooms = maps.rooms;
    this.connections = maps.connections;
    this.leases = maps.leases;
    this.timing = Timing.of(config);
    this.ttlMs = config.ttlSeconds() * 1000L;
  }

  /** Opens the maps (configured the same from every node), then the store on them. */
  static Future<PresenceStore> create(Vertx vertx, HazelcastInstance hz, PresenceConfig config) {
    return PresenceMaps.open(vertx, hz).map(maps -> new HazelcastPresenceStore(maps, config));
  }

  @Override
  public Future<List<Change>> apply(PresenceCommand cmd, Instant at) {
    long now = at.toEpochMilli();
    if (cmd instanceof Join j) {
      return maps.track(j.connection(), j.user(), j.node(), j.room(), now)
          .compose(
              v ->
                  maps.room(
                      j.room(),
                      update(Kind.JOIN, j.user(), j.connection(), j.node(), j.seq(), now)));
    }
    if (cmd instanceof Leave l) {
      return maps.room(l.room(), update(Kind.LEAVE, l.user(), l.connection(), null, l.seq(), now))
          .compose(changes -> maps.untrack(l.connection(), l.room()).map(changes))
          .onSuccess(
              changes -> {
                graceFrom(l.room(), now);
                if (l.seq() > 0) {
                  deadlines.room(l.room(), now + RoomState.LEAVE_MEMORY_MS);
                }
              });
    }
    if (cmd instanceof Heartbeat h) {
      return maps.on(leases.setAsync(h.node(), now)).map(List.of());
    }
    if (cmd instanceof Status s) {
      return s.connection() == null
          ? statusOnBehalf(s, now)
          : maps.room(s.room(), update(Kind.STATUS, s.user(), s.connection(), s.status(), 0, now));
    }
    if (cmd instanceof Typing t) {
      String typing = Boolean.toString(t.typing());
      return maps.room(t.room(), update(Kind.TYPING, t.user(), t.connection(), typing, 0, now))
          .onSuccess(
              changes -> {
                if (t.typing()) {
                  deadlines.room(t.room(), now + timing.typingMs());
                }
              });
    }
    if (cmd instanceof Published p) {
      return maps.room(p.room(), update(Kind.TYPING, p.user(), p.connection(), "false", 0, now));
    }
    Read r = (Read) cmd;
    return maps.room(r.room(), update(Kind.READ, r.user(), r.connection(), r.eventId(), 0, now));
  }

  /** A backend's status for a user, through the user's stand-in connection. */
  private Future<List<Change>> statusOnBehalf(Status s, long now) {
    String standIn = ON_BEHALF_PREFIX + s.user();
    return maps.track(standIn, s.user(), null, s.room(), now)
        .compose(
            v ->
                maps.room(
                    s.room(), update(Kind.STATUS_ON_BEHALF, s.user(), standIn, s.status(), 0, now)))
        .onSuccess(
            changes -> {
              graceFrom(s.room(), now);
              deadlines.standIn(standIn, now + ttlMs + 1);
            });
  }

  @Override
  public Future<RoomSnapshot> snapshot(String room, Instant now) {
    return maps.on(rooms.submitToKey(room, new RoomProcessors.Read()));
  }

  @Override
  public Future<Void> clear(String room) {
    return maps.on(rooms.removeAsync(room)).mapEmpty();
  }

  @Override
  public Future<List<Change>> expire(Instant at) {
    long now = at.toEpochMilli();
    List<Future<List<Change>>> done = new ArrayList<>();
    for (Deadlines.Due due : deadlines.take(now)) {
      done.add(
          switch (due.kind()) {
            case ROOM -> maps.room(due.key(), update(Kind.EXPIRE, null, null, null, 0, now));
            case ADOPTED_ROOM ->
                maps.room(due.key(), update(Kind.EXPIRE, null, null, null, 0, now))
                    .compose(changes -> keepNextDue(due.key(), now).map(changes));
            case STAND_IN ->
                maps.on(
                        connections.submitToKey(
                            due.key(), new ConnectionProcessors.RemoveIfStale(now - ttlMs)))
                    .compose(
                        removed ->
                            removed == null
                                ? Future.succeededFuture(List.<Change>of())
                                : dropAll(Map.of(due.key(), removed), now));
          });
    }
    return PresenceMaps.collect(done);
  }

  @Override
  public Future<List<Change>> expireLeases(Instant at) {
    long now = at.toEpochMilli();
    return maps.blocking(
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
              return PresenceMaps.collect(drops);
            });
  }

  @Override
  public Future<List<Change>> dropNode(String node, Instant at) {
    long now = at.toEpochMilli();
    return maps.blocking(
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
              return PresenceMaps.concat(changes.values());
            });
  }

  @Override
  public Future<Void> adopt() {
    return maps.blocking(
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
    return maps.on(rooms.submitToKey(room, new RoomProcessors.NextDue()))
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
                  maps.room(room, update(Kind.DROP, c.user(), id, null, 0, now))
                      .onSuccess(changes -> graceFrom(room, now)));
            }
          }
        });
    return PresenceMaps.collect(drops);
  }

  private Update update(Kind kind, String user, String conn, String value, long seq, long now) {
    return new Update(kind, user, conn, value, seq, now, timing);
  }
}

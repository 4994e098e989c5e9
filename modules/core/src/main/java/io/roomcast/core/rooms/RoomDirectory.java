package io.roomcast.core.rooms;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.RoomsConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms created with {@code PUT /api/rooms/{room}}: the Hazelcast map {@value #MAP} (one
 * backup, the map default), mirrored in a node-local copy that an entry listener keeps current. A
 * check reads the local copy; only a room missing from it costs a remote look-up (it may have been
 * created on another node a moment ago), and only when {@code rooms.requireCreated} is on.
 */
public final class RoomDirectory {
  public static final String MAP = "roomcast.rooms";

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final boolean required;
  private final Map<String, Long> local = new ConcurrentHashMap<>();
  private volatile IMap<String, Long> map;

  public RoomDirectory(Vertx vertx, HazelcastInstance hazelcast, RoomsConfig config) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.required = config.requireCreated();
  }

  /** Opens the map off the event loop, listens to it, then copies what it holds. */
  public Future<Void> start() {
    return vertx.executeBlocking(
        () -> {
          IMap<String, Long> m = hazelcast.getMap(MAP);
          m.addEntryListener(new Mirror(), true);
          local.putAll(m);
          map = m;
          return null;
        },
        false);
  }

  /** Whether rooms must be created before use ({@code rooms.requireCreated}). */
  public boolean required() {
    return required;
  }

  /**
   * Succeeds when {@code room} may be used: always when creation is not required, else when it was
   * created; fails with {@code room_not_found} otherwise.
   */
  public Future<Void> require(String room) {
    if (!required || local.containsKey(room)) {
      return Future.succeededFuture();
    }
    return created(room)
        .compose(
            at ->
                at != null
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(
                        ErrorCode.ROOM_NOT_FOUND.exception("room '" + room + "' does not exist")));
  }

  /**
   * The local copy's answer, for a path that cannot wait (a batch checks each event as it parses
   * it): true when creation is not required or the room is known here.
   */
  public boolean knownHere(String room) {
    return !required || local.containsKey(room);
  }

  /** When the room was created (epoch millis), or null when it was not. */
  public Future<Long> created(String room) {
    Long at = local.get(room);
    if (at != null) {
      return Future.succeededFuture(at);
    }
    return Clusters.onContext(map.getAsync(room), context());
  }

  /** Creates the room; true when it is new, false when it existed already. */
  public Future<Boolean> create(String room) {
    long now = System.currentTimeMillis();
    // IMap has no asynchronous putIfAbsent: run it on a worker
    return vertx
        .executeBlocking(() -> map.putIfAbsent(room, now), false)
        .map(
            before -> {
              local.putIfAbsent(room, before == null ? now : before);
              return before == null;
            });
  }

  /** Forgets the room (idempotent). */
  public Future<Void> delete(String room) {
    local.remove(room);
    return Clusters.onContext(map.removeAsync(room), context()).mapEmpty();
  }

  private Context context() {
    return vertx.getOrCreateContext();
  }

  /** Keeps the local copy current; runs on Hazelcast's event threads. */
  private final class Mirror
      implements EntryAddedListener<String, Long>, EntryRemovedListener<String, Long> {
    @Override
    public void entryAdded(EntryEvent<String, Long> event) {
      local.put(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, Long> event) {
      local.remove(event.getKey());
    }
  }
}

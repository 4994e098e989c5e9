package io.roomcast.presence;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.presence.ConnectionProcessors.Connection;
import io.roomcast.presence.RoomProcessors.Update;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * The three presence maps and how the store reaches them: single-key entry processors through the
 * async API, scans on a worker thread, every result back on the verticle's context.
 */
final class PresenceMaps {
  // outside cluster.xml's "roomcast.*" pattern: a static pattern match beats dynamic map config
  static final String ROOMS = "roomcast-presence.rooms";
  static final String CONNECTIONS = "roomcast-presence.connections";
  static final String LEASES = "roomcast-presence.leases";

  private static final Logger LOG = Logger.getLogger(PresenceMaps.class.getName());

  final IMap<String, RoomState> rooms;
  final IMap<String, Connection> connections;
  final IMap<String, Long> leases;
  private final Vertx vertx;
  private final Context context;

  private PresenceMaps(Vertx vertx, Context context, HazelcastInstance hz) {
    this.vertx = vertx;
    this.context = context;
    this.rooms = hz.getMap(ROOMS);
    this.connections = hz.getMap(CONNECTIONS);
    this.leases = hz.getMap(LEASES);
  }

  /** Configures the maps cluster-wide (same settings from every node), then opens them. */
  static Future<PresenceMaps> open(Vertx vertx, HazelcastInstance hz) {
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
          return new PresenceMaps(vertx, context, hz);
        },
        false);
  }

  Future<List<Change>> room(String room, Update update) {
    return on(rooms.submitToKey(room, update));
  }

  Future<Void> track(String conn, String user, String node, String room, long now) {
    return on(connections.submitToKey(conn, new ConnectionProcessors.Track(user, node, room, now)));
  }

  Future<Void> untrack(String conn, String room) {
    return on(connections.submitToKey(conn, new ConnectionProcessors.Untrack(room)));
  }

  <T> Future<T> on(CompletionStage<T> stage) {
    return Clusters.onContext(stage, context);
  }

  <T> Future<T> blocking(Callable<T> scan) {
    return vertx.executeBlocking(scan, false);
  }

  static Future<List<Change>> collect(List<Future<List<Change>>> all) {
    return Future.all(all).map(v -> concat(all.stream().map(Future::result).toList()));
  }

  static List<Change> concat(Collection<List<Change>> lists) {
    List<Change> out = new ArrayList<>();
    for (List<Change> l : lists) {
      if (l != null) {
        out.addAll(l);
      }
    }
    return out;
  }
}

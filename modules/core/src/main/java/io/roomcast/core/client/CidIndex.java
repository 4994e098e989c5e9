package io.roomcast.core.client;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.roomcast.core.ConnectionIds;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which connection holds each client-chosen id ({@code ?cid=}) of each user, cluster-wide: the
 * Hazelcast map {@value #MAP}, {@code user + "\n" + cid} → {@code {"connection", "node"}}. A
 * connection claims its cid when it opens; the put is atomic on the key's partition, so of any
 * number of claims of one (user, cid) each gets the one before it, and every one but the last is
 * told to close: exactly one survives. A connection that ends removes its entry only while the
 * entry is still its own; the entries of a node that leaves the cluster are removed by every
 * survivor (idempotent).
 */
public final class CidIndex {
  public static final String MAP = "roomcast.cids";

  private static final Logger LOG = Logger.getLogger(CidIndex.class.getName());
  private static final String NODE = "node";
  private static final String CONNECTION = "connection";

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final Departures departures;
  private volatile IMap<String, HazelcastJsonValue> map;

  public CidIndex(Vertx vertx, HazelcastInstance hazelcast, Departures departures) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.departures = departures;
  }

  /** Opens the map off the event loop and starts cleaning up after departed nodes. */
  public Future<Void> start() {
    return vertx.executeBlocking(
        () -> {
          map = hazelcast.getMap(MAP);
          departures.onDeparture(
              member -> {
                if (member.nodeId() != null) {
                  forget(member.nodeId());
                }
              });
          return null;
        },
        false);
  }

  /**
   * Makes {@code connection} the holder of {@code user}'s {@code cid}; completes with the
   * connection that held it before (to be closed), or null.
   */
  public Future<String> claim(String user, String cid, String connection) {
    return Clusters.onContext(map.putAsync(key(user, cid), value(connection)), context())
        .map(CidIndex::connectionOf);
  }

  /** Removes the entry if {@code connection} still holds it (a newer claim is left alone). */
  public Future<Void> release(String user, String cid, String connection) {
    return vertx
        .executeBlocking(() -> map.remove(key(user, cid), value(connection)), false)
        .mapEmpty();
  }

  /** The connection holding {@code user}'s {@code cid}, or null. */
  public Future<String> connection(String user, String cid) {
    return Clusters.onContext(map.getAsync(key(user, cid)), context()).map(CidIndex::connectionOf);
  }

  /** Every cid held on {@code node} is free again; runs on a Hazelcast thread, so hops off it. */
  private void forget(String node) {
    vertx
        .executeBlocking(
            () -> {
              map.removeAll(Predicates.equal(NODE, node));
              return null;
            },
            false)
        .onFailure(err -> LOG.log(Level.WARNING, "could not free the cids of node " + node, err));
  }

  private Context context() {
    return vertx.getOrCreateContext();
  }

  private static String key(String user, String cid) {
    return user + "\n" + cid;
  }

  /**
   * One encoding per connection, so that a conditional remove compares equal bytes. The node is a
   * field of its own so that a departed node's entries can be found by a query.
   */
  private static HazelcastJsonValue value(String connection) {
    return new HazelcastJsonValue(
        new JsonObject()
            .put(CONNECTION, connection)
            .put(NODE, ConnectionIds.nodeOf(connection))
            .encode());
  }

  private static String connectionOf(HazelcastJsonValue value) {
    return value == null ? null : new JsonObject(value.getValue()).getString(CONNECTION);
  }
}

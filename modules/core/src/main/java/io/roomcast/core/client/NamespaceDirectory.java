package io.roomcast.core.client;

import com.hazelcast.map.IMap;
import io.roomcast.core.NodeInfo;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Which wildcard namespaces ({@link Namespaces}) somebody in the cluster follows, known locally on
 * every node, so an event goes only to namespace addresses that have a follower. The bus answers a
 * publish to an address nobody follows by asking the cluster registry again every time (a blocking
 * lookup on a worker thread, through a Hazelcast partition thread, across the network in a
 * cluster); for the {@code *} namespace that was one lookup per event.
 *
 * <p>A node that starts following a namespace records it in a cluster map, then tells every other
 * node and waits for each to answer: once {@link #follow} completes, every node publishes there. A
 * node reads the map when it starts, before it publishes; a node that leaves the cluster takes its
 * namespaces with it. Until {@link #start} has completed, every namespace counts as followed.
 */
public final class NamespaceDirectory implements Shareable {
  private static final Logger LOG = Logger.getLogger(NamespaceDirectory.class.getName());
  private static final String SHARED = "roomcast.namespaces";
  private static final String MAP = "roomcast.namespaces";
  private static final String ADDRESS = "roomcast.namespaces.";
  private static final long ANSWER_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final Departures departures;
  private final String self;

  /** Namespace prefix → nodes following it. */
  private final Map<String, Set<String>> followers = new ConcurrentHashMap<>();

  /** Local followers (edge topics, the relay's mirror) per prefix; guarded by {@code this}. */
  private final Map<String, Integer> localCount = new HashMap<>();

  /** The first local follower's announcement of each prefix; guarded by {@code this}. */
  private final Map<String, Future<Void>> announced = new HashMap<>();

  private volatile boolean started;
  private Future<Void> starting;

  private NamespaceDirectory(Vertx vertx, Departures departures) {
    this.vertx = vertx;
    this.departures = departures;
    this.self = vertx.isClustered() ? Clusters.nodeId(vertx) : "local";
  }

  /**
   * The directory of this Vert.x instance, one per node. Wiring only: the node's wiring calls it
   * once and hands the directory to whoever publishes or follows namespaces.
   */
  public static NamespaceDirectory of(Vertx vertx, Departures departures) {
    return NodeInfo.single(vertx, SHARED, () -> new NamespaceDirectory(vertx, departures));
  }

  /** Listens for other nodes' announcements, then reads what the cluster follows already. */
  public synchronized Future<Void> start() {
    if (starting == null) {
      starting = vertx.isClustered() ? join() : Future.succeededFuture();
      starting.onSuccess(v -> started = true);
    }
    return starting;
  }

  private Future<Void> join() {
    departures.onDeparture(member -> forget(member.uuid()));
    return vertx
        .eventBus()
        .<JsonObject>consumer(ADDRESS + self, this::onAnnouncement)
        .completion()
        .compose(v -> vertx.executeBlocking(() -> map().keySet(), false))
        .map(
            keys -> {
              List<String> members = Clusters.manager(vertx).getNodes();
              for (String key : keys) {
                String node = nodeOf(key);
                if (members.contains(node)) {
                  followers
                      .computeIfAbsent(prefixOf(key), p -> ConcurrentHashMap.newKeySet())
                      .add(node);
                }
              }
              return null;
            });
  }

  /** Whether events of a room in namespace {@code prefix} must be published there (any thread). */
  public boolean followed(String prefix) {
    return !started || followers.containsKey(prefix);
  }

  /**
   * One more local follower of {@code prefix}; completes once every node publishes there. Call on a
   * Vert.x context.
   */
  public Future<Void> follow(String prefix) {
    return start().compose(v -> followStarted(prefix));
  }

  private synchronized Future<Void> followStarted(String prefix) {
    if (localCount.merge(prefix, 1, Integer::sum) > 1) {
      return announced.get(prefix); // a later follower is ready when the first one is
    }
    add(prefix, self);
    Future<Void> done =
        vertx.isClustered()
            ? Clusters.onContext(
                    map().setAsync(key(self, prefix), Boolean.TRUE), vertx.getOrCreateContext())
                .compose(v -> announce(prefix, true))
            : Future.succeededFuture();
    announced.put(prefix, done);
    return done;
  }

  /** One local follower fewer; the last one out tells the cluster (without waiting). */
  public void unfollow(String prefix) {
    synchronized (this) {
      Integer n = localCount.get(prefix);
      if (n == null) {
        return;
      }
      if (n > 1) {
        localCount.put(prefix, n - 1);
        return;
      }
      localCount.remove(prefix);
      announced.remove(prefix);
    }
    remove(prefix, self);
    if (vertx.isClustered()) {
      map().removeAsync(key(self, prefix));
      announce(prefix, false);
    }
  }

  private Future<Void> announce(String prefix, boolean add) {
    JsonObject msg = new JsonObject().put("prefix", prefix).put("node", self).put("add", add);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ANSWER_TIMEOUT_MS);
    List<Future<?>> answers = new ArrayList<>();
    for (String node : Clusters.manager(vertx).getNodes()) {
      if (!node.equals(self)) {
        answers.add(
            vertx
                .eventBus()
                .request(ADDRESS + node, msg, options)
                // a node without a directory yet reads the map when it starts
                .recover(err -> notListening(err) ? Future.succeededFuture() : failed(node, err)));
      }
    }
    return Future.all(answers).mapEmpty();
  }

  private static <T> Future<T> failed(String node, Throwable err) {
    LOG.warning("node " + node + " did not confirm a namespace change: " + err.getMessage());
    return Future.failedFuture(err);
  }

  private static boolean notListening(Throwable err) {
    return err instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private void onAnnouncement(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    if (body.getBoolean("add")) {
      add(body.getString("prefix"), body.getString("node"));
    } else {
      remove(body.getString("prefix"), body.getString("node"));
    }
    msg.reply(null);
  }

  private void add(String prefix, String node) {
    followers.computeIfAbsent(prefix, p -> ConcurrentHashMap.newKeySet()).add(node);
  }

  private void remove(String prefix, String node) {
    followers.computeIfPresent(
        prefix,
        (p, nodes) -> {
          nodes.remove(node);
          return nodes.isEmpty() ? null : nodes;
        });
  }

  /** A departed node follows nothing any more (every survivor drops its entries). */
  private void forget(String node) {
    for (String prefix : List.copyOf(followers.keySet())) {
      remove(prefix, node);
      map().removeAsync(key(node, prefix));
    }
  }

  private IMap<String, Boolean> map() {
    return Clusters.manager(vertx).getHazelcastInstance().getMap(MAP);
  }

  private static String key(String node, String prefix) {
    return node + "\n" + prefix;
  }

  private static String nodeOf(String key) {
    return key.substring(0, key.indexOf('\n'));
  }

  private static String prefixOf(String key) {
    return key.substring(key.indexOf('\n') + 1);
  }
}

package io.roomcast.edge.hub;

import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import io.roomcast.core.Addresses;
import io.roomcast.core.NodeInfo;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.LimitsConfig;
import io.roomcast.core.presence.PresenceClient;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's local fan-out: one clustered bus consumer per address (room, user, connection,
 * wildcard namespace) per node, however many local connections follow it and on whichever event
 * loops they live. A message is decoded once, wrapped in one {@link EncodedEvent}, and handed to
 * each event loop that has subscribers, which writes the shared encoding to its connections.
 *
 * <p>Membership changes take the hub lock (rare); deliveries never do: they read an immutable
 * snapshot of the topic's shards.
 */
public final class NodeHub implements Shareable {
  private static final String MAP = "roomcast.edge";

  private final Vertx vertx;
  private final Map<String, Topic> topics = new HashMap<>();
  private final Map<String, Subscriber> connections = new ConcurrentHashMap<>();
  private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
  private final Map<String, Integer> perIp = new ConcurrentHashMap<>();
  private final PresenceClient presence;
  private final EdgeMetrics metrics;
  private final Map<String, Integer> bridgeRegistrations = new ConcurrentHashMap<>();
  private Future<Void> pushes;

  /** How long after a member leaves the survivors have re-registered their consumers. */
  private static final long REREGISTER_MS = 2_000;

  private NodeHub(Vertx vertx) {
    this.vertx = vertx;
    this.presence = PresenceClient.create(vertx);
    this.metrics = EdgeMetrics.of(vertx);
    if (vertx.isClustered()) {
      Clusters.manager(vertx)
          .getHazelcastInstance()
          .getCluster()
          .addMembershipListener(
              new MembershipAdapter() {
                @Override
                public void memberRemoved(MembershipEvent event) {
                  catchUp();
                  vertx.setTimer(REREGISTER_MS, id -> catchUp());
                }
              });
    }
  }

  /** Every room topic reads what it may have missed while the cluster changed (any thread). */
  private synchronized void catchUp() {
    for (Topic t : topics.values()) {
      t.order.catchUpSoon();
    }
  }

  /** The node's edge meters. */
  public EdgeMetrics metrics() {
    return metrics;
  }

  /** Serves targeted pushes for this node, once per node whatever the number of edge instances. */
  public Future<Void> servePushes(String nodeId) {
    synchronized (this) {
      if (pushes == null) {
        pushes = NodePushes.serve(vertx, this, nodeId);
      }
      return pushes;
    }
  }

  /** Where the node's connections report joins, leaves and heartbeats. */
  public PresenceClient presence() {
    return presence;
  }

  /** The hub of this Vert.x instance, shared by every edge verticle instance on it. */
  public static NodeHub of(Vertx vertx) {
    return NodeInfo.single(vertx, MAP, () -> new NodeHub(vertx));
  }

  /**
   * Adds a subscriber; the future completes once the address's cluster registration is visible, so
   * nothing published afterwards is missed. Must be called on the subscriber's context: a new
   * address's consumer is registered there, and the future completes there.
   */
  public Future<Void> subscribe(String address, Subscriber subscriber) {
    Topic topic;
    synchronized (this) {
      topic = topics.computeIfAbsent(address, a -> new Topic(a));
      topic.add(subscriber);
    }
    // the topic may live on another event loop: its readiness is reported on the subscriber's
    Promise<Void> ready = ((ContextInternal) subscriber.context()).promise();
    topic.ready.onComplete(ready);
    return ready.future();
  }

  /** Removes a subscriber; the last one out unregisters the bus consumer. */
  public void unsubscribe(String address, Subscriber subscriber) {
    synchronized (this) {
      Topic topic = topics.get(address);
      if (topic == null || !topic.remove(subscriber)) {
        return;
      }
      if (topic.isEmpty()) {
        topics.remove(address);
        topic.close();
      }
    }
  }

  /** Addresses with a local bus consumer (each has at least one local subscriber). */
  public synchronized int topicCount() {
    return topics.size();
  }

  /**
   * Whether one more connection of {@code user} from {@code ip} fits this node's limits (checked
   * before a connection is accepted; {@link #register} counts it).
   */
  public boolean admits(String user, String ip, LimitsConfig limits) {
    return perUser.getOrDefault(user, 0) < limits.connectionsPerUser()
        && perIp.getOrDefault(ip, 0) < limits.connectionsPerIp();
  }

  /** Makes a connection reachable by id for point-to-point pushes, and counts it. */
  public void register(String connectionId, String user, String ip, Subscriber connection) {
    connections.put(connectionId, connection);
    perUser.merge(user, 1, Integer::sum);
    perIp.merge(ip, 1, Integer::sum);
  }

  public void unregister(String connectionId, String user, String ip) {
    if (connections.remove(connectionId) != null) {
      perUser.computeIfPresent(user, (k, n) -> n == 1 ? null : n - 1);
      perIp.computeIfPresent(ip, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** The local connection with that id, or null. */
  public Subscriber connection(String connectionId) {
    return connections.get(connectionId);
  }

  /** SockJS bridge sockets registered on an address here (they use the bridge's own consumers). */
  public int bridgeRegistrations(String address) {
    Integer n = bridgeRegistrations.get(address);
    return n == null ? 0 : n;
  }

  public void bridgeRegistered(String address, int delta) {
    bridgeRegistrations.merge(address, delta, (a, b) -> a + b == 0 ? null : a + b);
  }

  /** The local subscribers of an address right now (any event loop). */
  public synchronized List<Subscriber> subscribers(String address) {
    Topic topic = topics.get(address);
    List<Subscriber> out = new ArrayList<>();
    if (topic != null) {
      for (Shard s : topic.shards) {
        out.addAll(s.subscribers);
      }
    }
    return out;
  }

  /** Local subscribers of an address, over all event loops. */
  public synchronized int subscriberCount(String address) {
    Topic topic = topics.get(address);
    int n = 0;
    if (topic != null) {
      for (Shard s : topic.shards) {
        n += s.subscribers.size();
      }
    }
    return n;
  }

  public synchronized boolean hasTopic(String address) {
    return topics.containsKey(address);
  }

  /** A group of subscribers living on one event loop. */
  private record Shard(Context context, Context root, List<Subscriber> subscribers) {
    Shard(Context context, List<Subscriber> subscribers) {
      this(context, ((ContextInternal) context).unwrap(), subscribers);
    }
  }

  private final class Topic {
    private final String address;
    private final MessageConsumer<JsonObject> consumer;
    private final Future<Void> ready;
    private final RoomOrder order;
    private final String namespace;
    private volatile Shard[] shards = new Shard[0];

    /** Runs on the first subscriber's context, so the consumer's handler runs there too. */
    Topic(String address) {
      this.address = address;
      this.order = new RoomOrder(vertx, vertx.getOrCreateContext(), address, this::fanOut);
      // users are reached through the node's push address (one request per node), so their
      // topics need no cluster registration: registrations grow with rooms, not with users
      this.consumer =
          address.startsWith(Addresses.USER_PREFIX)
              ? vertx.eventBus().localConsumer(address, this::onMessage)
              : vertx.eventBus().consumer(address, this::onMessage);
      this.namespace = Addresses.namespaceOf(address);
      // the room's position is read once the registration is complete, and the order reads history
      // again while publishers' views of it settle; a namespace is ready once every node publishes
      // there
      this.ready =
          consumer
              .completion()
              .compose(v -> order.start())
              .compose(
                  v ->
                      namespace == null
                          ? Future.succeededFuture()
                          : NamespaceDirectory.of(vertx).follow(namespace));
      metrics.topicOpened(address);
    }

    /** Durable events go through the room's order (gaps held and filled) before fan-out. */
    private void onMessage(Message<JsonObject> msg) {
      order.offer(new EncodedEvent(msg.body()));
    }

    /**
     * Hands a frame to each shard in the order the room's order emits them. The order runs on the
     * topic's event loop, but not always on the same context: Vert.x dispatches each bus message on
     * a fresh duplicate of the consumer's context, while history reads answer on the topic's own.
     * So a shard is written directly when it shares the emitting context's root (always, for a
     * shard on the topic's context), and through its task queue otherwise (always, for any other):
     * never both ways, which would let a direct write overtake queued earlier seqs.
     */
    private void fanOut(EncodedEvent frame) {
      ContextInternal current = ContextInternal.current();
      Context root = current == null ? null : current.unwrap();
      for (Shard shard : shards) {
        if (shard.root == root) {
          deliver(shard, frame);
        } else {
          shard.context.runOnContext(v -> deliver(shard, frame));
        }
      }
    }

    private void deliver(Shard shard, EncodedEvent frame) {
      for (Subscriber s : shard.subscribers) {
        s.deliver(address, frame);
      }
      metrics.delivered(shard.subscribers.size());
    }

    // Membership changes below run under the hub lock; each publishes a new shards array.

    void add(Subscriber subscriber) {
      Shard[] current = shards;
      List<Shard> next = new ArrayList<>(current.length + 1);
      boolean placed = false;
      for (Shard s : current) {
        if (s.context == subscriber.context()) {
          List<Subscriber> subs = new ArrayList<>(s.subscribers);
          subs.add(subscriber);
          next.add(new Shard(s.context, List.copyOf(subs)));
          placed = true;
        } else {
          next.add(s);
        }
      }
      if (!placed) {
        next.add(new Shard(subscriber.context(), List.of(subscriber)));
      }
      shards = next.toArray(Shard[]::new);
    }

    boolean remove(Subscriber subscriber) {
      Shard[] current = shards;
      List<Shard> next = new ArrayList<>(current.length);
      boolean removed = false;
      for (Shard s : current) {
        if (!removed && s.subscribers.contains(subscriber)) {
          List<Subscriber> subs = new ArrayList<>(s.subscribers);
          subs.remove(subscriber);
          removed = true;
          if (!subs.isEmpty()) {
            next.add(new Shard(s.context, List.copyOf(subs)));
          }
        } else {
          next.add(s);
        }
      }
      shards = next.toArray(Shard[]::new);
      return removed;
    }

    boolean isEmpty() {
      return shards.length == 0;
    }

    void close() {
      shards = new Shard[0];
      consumer.unregister();
      order.close();
      if (namespace != null) {
        NamespaceDirectory.of(vertx).unfollow(namespace);
      }
      metrics.topicClosed(address);
    }
  }
}

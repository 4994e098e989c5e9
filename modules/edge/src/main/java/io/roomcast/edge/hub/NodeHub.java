package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's local fan-out: one clustered bus consumer per address (room, user, connection,
 * wildcard namespace) per node, however many local connections follow it and on whichever event
 * loops they live. A message is decoded once, wrapped in one {@code EncodedEvent}, and handed to
 * each event loop that has subscribers, which writes the shared encoding to its connections ({@link
 * Topic}).
 *
 * <p>Membership changes take the hub lock (rare); deliveries never do: they read an immutable
 * snapshot of the topic's shards. One hub serves every edge verticle instance of a node.
 */
public final class NodeHub {
  private final Vertx vertx;
  private final HistoryStore history;
  private final long holdMs;
  private final Timers timers;
  private final NamespaceDirectory namespaces;
  private final EdgeMetrics metrics;
  private final LocalOccupancy occupancy;
  private final Map<String, Topic> topics = new HashMap<>();

  /**
   * @param holdMs how long a room's order holds a gap before it reads the missing seqs
   */
  public NodeHub(
      Vertx vertx,
      HistoryStore history,
      long holdMs,
      Timers timers,
      NamespaceDirectory namespaces,
      EdgeMetrics metrics) {
    this(
        vertx,
        history,
        holdMs,
        timers,
        namespaces,
        metrics,
        new LocalOccupancy(io.roomcast.core.hooks.Occupancy.NONE));
  }

  /**
   * @param occupancy told of each room topic opened and closed here
   */
  public NodeHub(
      Vertx vertx,
      HistoryStore history,
      long holdMs,
      Timers timers,
      NamespaceDirectory namespaces,
      EdgeMetrics metrics,
      LocalOccupancy occupancy) {
    this.occupancy = occupancy;
    this.vertx = vertx;
    this.history = history;
    this.holdMs = holdMs;
    this.timers = timers;
    this.namespaces = namespaces;
    this.metrics = metrics;
  }

  /**
   * Adds a subscriber; the future completes once the address's cluster registration is visible, so
   * nothing published afterwards is missed. Must be called on the subscriber's context: a new
   * address's consumer is registered there, and the future completes there.
   */
  public Future<Void> subscribe(String address, Subscriber subscriber) {
    Topic topic;
    synchronized (this) {
      topic = topics.get(address);
      if (topic == null) {
        topic = open(address);
        topics.put(address, topic);
        occupancy.roomAdded(Addresses.roomOf(address));
      }
      topic.add(subscriber);
    }
    // the topic may live on another event loop: its readiness is reported on the subscriber's
    Promise<Void> ready = VertxInternals.promise(subscriber.context());
    topic.ready().onComplete(ready);
    return ready.future();
  }

  /** Runs on the first subscriber's context, so the consumer's handler runs there too. */
  private Topic open(String address) {
    Context context = vertx.getOrCreateContext();
    return new Topic(
        vertx.eventBus(),
        address,
        out -> new RoomOrder(context, address, history, holdMs, timers, out),
        namespaces,
        metrics);
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
        occupancy.roomRemoved(Addresses.roomOf(address));
      }
    }
  }

  /** The local subscribers of an address right now (any event loop). */
  public synchronized List<Subscriber> subscribers(String address) {
    Topic topic = topics.get(address);
    List<Subscriber> out = new ArrayList<>();
    if (topic != null) {
      topic.collect(out);
    }
    return out;
  }

  /** Local subscribers of an address, over all event loops. */
  public synchronized int subscriberCount(String address) {
    Topic topic = topics.get(address);
    return topic == null ? 0 : topic.size();
  }

  public synchronized boolean hasTopic(String address) {
    return topics.containsKey(address);
  }

  /** Every room topic reads what it may have missed while the cluster changed (any thread). */
  public synchronized void catchUp() {
    for (Topic t : topics.values()) {
      t.catchUpSoon();
    }
  }
}

package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.vertx.VertxInternals;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One address of the {@link NodeHub}: its bus consumer, its room order, and its subscribers grouped
 * by event loop. Membership changes run under the hub lock; each publishes a new shards array,
 * which deliveries read without locking.
 */
final class Topic {
  private final String address;
  private final MessageConsumer<JsonObject> consumer;
  private final Future<Void> ready;
  private final RoomOrder order;
  private final String namespace;
  private final NamespaceDirectory namespaces;
  private final EdgeMetrics metrics;
  private volatile Shard[] shards = new Shard[0];

  /** A group of subscribers living on one event loop. */
  private record Shard(Context context, Context root, List<Subscriber> subscribers) {
    Shard(Context context, List<Subscriber> subscribers) {
      this(context, VertxInternals.root(context), subscribers);
    }
  }

  /**
   * Runs on the first subscriber's context, so the consumer's handler runs there too.
   *
   * @param order builds the topic's room order around the topic's fan-out
   */
  Topic(
      EventBus bus,
      String address,
      Function<Consumer<EncodedEvent>, RoomOrder> order,
      NamespaceDirectory namespaces,
      EdgeMetrics metrics) {
    this.address = address;
    this.order = order.apply(this::fanOut);
    this.namespaces = namespaces;
    this.metrics = metrics;
    // users are reached through the node's push address (one request per node), so their
    // topics need no cluster registration: registrations grow with rooms, not with users
    this.consumer =
        address.startsWith(Addresses.USER_PREFIX)
            ? bus.localConsumer(address, this::onMessage)
            : bus.consumer(address, this::onMessage);
    this.namespace = Addresses.namespaceOf(address);
    // the room's position is read once the registration is complete, and the order reads history
    // again while publishers' views of it settle; a namespace is ready once every node publishes
    // there
    this.ready =
        consumer
            .completion()
            .compose(v -> this.order.start())
            .compose(
                v -> namespace == null ? Future.succeededFuture() : namespaces.follow(namespace));
    metrics.topicOpened(address);
  }

  Future<Void> ready() {
    return ready;
  }

  void catchUpSoon() {
    order.catchUpSoon();
  }

  /** Durable events go through the room's order (gaps held and filled) before fan-out. */
  private void onMessage(Message<JsonObject> msg) {
    order.offer(new EncodedEvent(msg.body()));
  }

  /**
   * Hands an event to each shard in the order the room's order emits them. The order runs on the
   * topic's event loop, but not always on the same context: Vert.x dispatches each bus message on a
   * fresh duplicate of the consumer's context, while history reads answer on the topic's own. So a
   * shard is written directly when it shares the emitting context's root (always, for a shard on
   * the topic's context), and through its task queue otherwise (always, for any other): never both
   * ways, which would let a direct write overtake queued earlier seqs.
   */
  private void fanOut(EncodedEvent event) {
    Context root = VertxInternals.currentRoot();
    for (Shard shard : shards) {
      if (shard.root == root) {
        deliver(shard, event);
      } else {
        shard.context.runOnContext(v -> deliver(shard, event));
      }
    }
  }

  private void deliver(Shard shard, EncodedEvent event) {
    for (Subscriber s : shard.subscribers) {
      s.deliver(address, event);
    }
    metrics.delivered(shard.subscribers.size());
  }

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

  int size() {
    int n = 0;
    for (Shard s : shards) {
      n += s.subscribers.size();
    }
    return n;
  }

  void collect(List<Subscriber> out) {
    for (Shard s : shards) {
      out.addAll(s.subscribers);
    }
  }

  void close() {
    shards = new Shard[0];
    consumer.unregister();
    order.close();
    if (namespace != null) {
      namespaces.unfollow(namespace);
    }
    metrics.topicClosed(address);
  }
}

package io.roomcast.relay;

import io.roomcast.core.client.RoomcastClient;
import io.roomcast.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Plain bus subscribers on several nodes: one consumer per node on one address, every body (and its
 * origin header) kept in arrival order.
 */
final class BusWatch implements AutoCloseable {
  record Received(JsonObject body, String origin) {}

  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<List<Received>> perNode = new ArrayList<>();

  BusWatch(String address, List<Vertx> nodes) {
    List<Future<Void>> ready = new ArrayList<>();
    for (Vertx node : nodes) {
      List<Received> got = new CopyOnWriteArrayList<>();
      perNode.add(got);
      MessageConsumer<JsonObject> c =
          node.eventBus()
              .consumer(
                  address,
                  msg ->
                      got.add(
                          new Received(
                              // a room event's body is an EnvelopeJson: compared here as a tree
                              new JsonObject(msg.body().getMap()),
                              msg.headers().get(RoomcastClient.ORIGIN_HEADER))));
      consumers.add(c);
      ready.add(c.completion());
    }
    Await.result(Future.all(ready));
  }

  int nodes() {
    return perNode.size();
  }

  List<Received> on(int node) {
    return List.copyOf(perNode.get(node));
  }

  /** How many events on {@code node} match. */
  long count(int node, Predicate<JsonObject> match) {
    return perNode.get(node).stream().filter(r -> match.test(r.body())).count();
  }

  /** Waits until every node holds at least {@code n} matching events. */
  void awaitEach(long n, Duration timeout, Predicate<JsonObject> match) {
    Await.until(
        timeout,
        n + " matching events on each of " + nodes() + " nodes, have " + counts(match),
        () -> {
          for (int i = 0; i < nodes(); i++) {
            if (count(i, match) < n) {
              return false;
            }
          }
          return true;
        });
  }

  private List<Long> counts(Predicate<JsonObject> match) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < nodes(); i++) {
      out.add(count(i, match));
    }
    return out;
  }

  /** For each node: how often each value of {@code data.<field>} arrived. */
  Map<Object, Integer> tally(int node, String field) {
    Map<Object, Integer> out = new HashMap<>();
    for (Received r : perNode.get(node)) {
      JsonObject data = r.body().getJsonObject("data");
      if (data != null && data.containsKey(field)) {
        out.merge(data.getValue(field), 1, Integer::sum);
      }
    }
    return out;
  }

  /** For each node: the event ids that arrived carrying each value of {@code data.<field>}. */
  Map<Object, Set<String>> idsBy(int node, String field) {
    Map<Object, Set<String>> out = new HashMap<>();
    for (Received r : perNode.get(node)) {
      JsonObject data = r.body().getJsonObject("data");
      if (data != null && data.containsKey(field)) {
        out.computeIfAbsent(data.getValue(field), v -> new TreeSet<>())
            .add(r.body().getString("id"));
      }
    }
    return out;
  }

  /**
   * Events that arrived more than once on {@code node} but not as exact repeats (a repeat of a
   * durable event, same id and seq, is dropped by the node before its connections see it).
   */
  List<String> differingRepeats(int node) {
    Map<String, JsonObject> first = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (Received r : perNode.get(node)) {
      JsonObject earlier = first.putIfAbsent(r.body().getString("id"), r.body());
      if (earlier != null && (!earlier.equals(r.body()) || earlier.getValue("seq") == null)) {
        out.add(earlier + " then " + r.body());
      }
    }
    return out;
  }

  static Predicate<JsonObject> type(String type) {
    return body -> type.equals(body.getString("type"));
  }

  @Override
  public void close() {
    consumers.forEach(MessageConsumer::unregister);
  }
}

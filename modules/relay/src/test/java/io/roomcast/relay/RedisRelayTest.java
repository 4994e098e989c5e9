package io.roomcast.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.relay.RelayStatus;
import io.roomcast.testing.Await;
import io.roomcast.testing.RedisProcess;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Three nodes, each with the relay deployed, one real redis-server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRelayTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private RedisProcess redis;
  private TestCluster cluster;
  private List<Vertx> nodes;
  private Vertx outside;
  private TestRedis service;

  @BeforeAll
  void start() {
    redis = RedisProcess.start();
    cluster = new TestCluster();
    nodes = List.of(cluster.member(), cluster.member(), cluster.member());
    for (Vertx node : nodes) {
      Relays.deploy(node, Relays.config(cluster.name(), redis.url(), "pubsub"));
    }
    Relays.awaitConnected(nodes.get(0));
    outside = Vertx.vertx();
    service = new TestRedis(outside, redis.url());
  }

  @AfterAll
  void stop() {
    service.close();
    Await.result(outside.close());
    cluster.close();
    redis.close();
  }

  @Test
  void a_redis_publish_reaches_subscribers_on_every_node_exactly_once() {
    try (BusWatch watch = new BusWatch(Addresses.room("in-once"), nodes)) {
      warmUp(watch, "in-once");
      for (int n = 0; n < 50; n++) {
        service.publish(
            Channels.room("in-once"),
            new JsonObject().put("type", "message").put("data", new JsonObject().put("n", n)));
      }
      watch.awaitEach(50, WAIT, BusWatch.type("message"));
      endMarker(watch, "in-once");
      for (int node = 0; node < nodes.size(); node++) {
        Map<Object, Integer> tally = watch.tally(node, "n");
        assertEquals(50, tally.size(), "distinct events on node " + node);
        assertTrue(tally.values().stream().allMatch(c -> c == 1), "duplicates on " + node);
      }
    }
  }

  @Test
  void inbound_events_get_ids_and_seqs_from_the_cluster_and_keep_the_named_user() {
    try (BusWatch watch = new BusWatch(Addresses.room("in-stamped"), nodes)) {
      warmUp(watch, "in-stamped");
      JsonObject foreignEnvelope =
          new JsonObject()
              .put("id", "not-ours")
              .put("room", "in-stamped")
              .put("type", "order.shipped")
              .put("user", "alice")
              .put("data", new JsonObject().put("order", 7))
              .put("ts", "2020-01-01T00:00:00Z")
              .put("seq", 999);
      service.publish(Channels.room("in-stamped"), foreignEnvelope);
      watch.awaitEach(1, WAIT, BusWatch.type("order.shipped"));
      JsonObject got = last(watch, 0, "order.shipped");
      assertTrue(!"not-ours".equals(got.getString("id")), "the cluster assigns ids");
      assertTrue(got.getLong("seq") < 999, "the room's own seq, not the sender's");
      assertEquals("alice", got.getString("user"));
      assertEquals(new JsonObject().put("order", 7), got.getJsonObject("data"));
      assertEquals(InboundParser.FROM_REDIS, watch.on(0).get(watch.on(0).size() - 1).origin());
    }
  }

  @Test
  void user_channel_pushes_ask_every_node_once() {
    // a user push asks each node's push address once (the edge there delivers locally);
    // these stand-ins record what each node was asked and answer like an edge with no sockets
    List<List<JsonObject>> asked = new ArrayList<>();
    List<MessageConsumer<JsonObject>> edges = new ArrayList<>();
    for (Vertx node : nodes) {
      List<JsonObject> got = new CopyOnWriteArrayList<>();
      asked.add(got);
      edges.add(
          node.eventBus()
              .consumer(
                  Addresses.node(Clusters.nodeId(node)),
                  msg -> {
                    got.add(msg.body().getJsonObject("envelope"));
                    msg.reply(new JsonObject().put("delivered", 0).put("filtered", 0));
                  }));
    }
    try {
      Await.result(Future.all(edges.stream().map(MessageConsumer::completion).toList()));
      service.publish(
          Channels.user("bob"),
          new JsonObject().put("type", "invoice.paid").put("data", new JsonObject().put("n", 1)));
      service.publish(Channels.user("bob"), new JsonObject().put("type", "end"));
      for (List<JsonObject> got : asked) {
        Await.until(
            WAIT,
            "the end push",
            () -> got.stream().anyMatch(e -> "end".equals(e.getString("type"))));
        assertEquals(
            1, got.stream().filter(e -> "invoice.paid".equals(e.getString("type"))).count());
      }
    } finally {
      edges.forEach(MessageConsumer::unregister);
    }
  }

  @Test
  void invalid_messages_are_counted_and_the_relay_keeps_relaying() {
    long before = Relays.awaitConnected(nodes.get(0)).invalid();
    service.publish(Channels.room("in-bad"), "not json");
    service.publish(Channels.room("in-bad"), "[1, 2]");
    service.publish(Channels.room("in-bad"), new JsonObject().put("type", "typing.start"));
    service.publish(
        Channels.room("in-bad"), new JsonObject().put("type", "message").put("data", "text"));
    service.publish(
        Channels.room("in-bad"), new JsonObject().put("type", "message").put("user", 5));
    service.publish(Channels.room("bad..room"), new JsonObject().put("type", "message"));
    service.publish(Channels.user("a b"), new JsonObject().put("type", "message"));
    try (BusWatch watch = new BusWatch(Addresses.room("in-bad"), nodes)) {
      warmUp(watch, "in-bad");
      RelayStatus after =
          Relays.awaitStatus(nodes.get(1), WAIT, "7 more invalid", s -> s.invalid() >= before + 7);
      assertEquals(before + 7, after.invalid());
      assertEquals(0, watch.count(0, BusWatch.type("typing.start")));
      assertEquals(0, watch.count(0, BusWatch.type("message")));
    }
  }

  @Test
  void cluster_events_are_mirrored_to_redis_exactly_once_with_the_origin_and_not_echoed_back() {
    try (BusWatch watch = new BusWatch(Addresses.room("out-once"), nodes);
        TestRedis.Listener listener = service.listen(Channels.room("out-once"))) {
      RoomcastClient client = Relays.client(nodes.get(2));
      for (int n = 0; n < 30; n++) {
        Await.result(
            client.publish(
                new EventDraft(
                    "out-once", "message", new JsonObject().put("n", n), "carol", null)));
      }
      listener.awaitCount(30, WAIT);
      watch.awaitEach(30, WAIT, BusWatch.type("message"));
      Await.result(client.publish(new EventDraft("out-once", "end", null, null, null)));
      watch.awaitEach(1, WAIT, BusWatch.type("end"));
      listener.awaitCount(31, WAIT);

      List<JsonObject> mirrored = listener.messages();
      assertEquals(31, mirrored.size());
      Set<String> ids = new HashSet<>();
      for (JsonObject m : mirrored) {
        assertEquals(cluster.name(), m.getString("origin"));
        assertTrue(ids.add(m.getString("id")), "mirrored twice: " + m);
      }
      for (int node = 0; node < nodes.size(); node++) {
        assertEquals(31, watch.on(node).size(), "no echo re-injected on node " + node);
        watch.on(node).forEach(r -> assertNull(r.origin()));
      }
    }
  }

  @Test
  void an_unstored_event_is_mirrored_with_store_false_and_stored_ones_without_it() {
    try (TestRedis.Listener listener = service.listen(Channels.room("out-unstored"))) {
      RoomcastClient client = Relays.client(nodes.get(1));
      Await.result(
          client.publish(
              new EventDraft(
                  "out-unstored",
                  "ai.chunk",
                  new JsonObject().put("text", "Hel"),
                  null,
                  null,
                  null,
                  false)));
      Await.result(client.publish(new EventDraft("out-unstored", "message", null, null, null)));
      listener.awaitCount(2, WAIT);
      JsonObject chunk = listener.messages().get(0);
      assertEquals("ai.chunk", chunk.getString("type"));
      assertEquals(false, chunk.getValue("store"));
      assertNull(chunk.getValue("seq"));
      JsonObject stored = listener.messages().get(1);
      assertNull(stored.getValue("store"), "a stored event needs no marker");
      assertEquals(1L, stored.getLong("seq"), "the unstored event used no seq");
    }
  }

  @Test
  void an_event_coming_in_with_store_false_is_delivered_but_not_stored() {
    try (BusWatch watch = new BusWatch(Addresses.room("in-unstored"), nodes)) {
      warmUp(watch, "in-unstored");
      JsonObject mirroredElsewhere =
          new JsonObject()
              .put("id", "from-another-cluster")
              .put("room", "in-unstored")
              .put("type", "ai.chunk")
              .put("data", new JsonObject().put("text", "lo"))
              .put("store", false)
              .put("origin", "another-cluster");
      service.publish(Channels.room("in-unstored"), new JsonObject().put("type", "before"));
      service.publish(Channels.room("in-unstored"), mirroredElsewhere);
      service.publish(Channels.room("in-unstored"), new JsonObject().put("type", "after"));
      watch.awaitEach(1, WAIT, BusWatch.type("after"));
      JsonObject chunk = last(watch, 0, "ai.chunk");
      assertNull(chunk.getValue("seq"), "no seq: not written to history");
      assertEquals("lo", chunk.getJsonObject("data").getString("text"));
      assertEquals(
          last(watch, 0, "before").getLong("seq") + 1,
          last(watch, 0, "after").getLong("seq"),
          "no seq used up between the stored events around it");
    }
  }

  @Test
  void the_status_comes_from_one_active_node_after_a_real_ping() {
    RelayStatus status = Relays.awaitConnected(nodes.get(2));
    assertEquals(RelayStatus.CONNECTED, status.state());
    assertEquals("pubsub", status.mode());
    assertEquals(cluster.name(), status.origin());
    assertTrue(status.pingMs() != null && status.pingMs() >= 0);
    assertEquals(status.node(), Relays.awaitConnected(nodes.get(0)).node());
  }

  /** Publishes probes until every node saw one: bus registrations have reached the relay. */
  private void warmUp(BusWatch watch, String room) {
    Await.until(
        WAIT,
        "a probe on every node",
        () -> {
          service.publish(Channels.room(room), new JsonObject().put("type", "probe"));
          for (int node = 0; node < watch.nodes(); node++) {
            if (watch.count(node, BusWatch.type("probe")) == 0) {
              return false;
            }
          }
          return true;
        });
  }

  /**
   * A last event through the same path; once it arrived everywhere, earlier ones had their chance.
   */
  private void endMarker(BusWatch watch, String room) {
    service.publish(Channels.room(room), new JsonObject().put("type", "end"));
    watch.awaitEach(1, WAIT, BusWatch.type("end"));
  }

  private static JsonObject last(BusWatch watch, int node, String type) {
    List<BusWatch.Received> got = watch.on(node);
    for (int i = got.size() - 1; i >= 0; i--) {
      if (type.equals(got.get(i).body().getString("type"))) {
        return got.get(i).body();
      }
    }
    throw new AssertionError("no " + type);
  }
}

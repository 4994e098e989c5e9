package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.metrics.Meters;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What fan-out costs the clustered bus: three nodes, many SSE connections per room per node.
 * Registrations are counted in Hazelcast's {@code __vertx.subs} map, bus messages with Vert.x's own
 * event-bus meters, frames with roomcast's. The figures are logged for the README.
 */
class BusEfficiencyTest {
  private static final Logger LOG = Logger.getLogger(BusEfficiencyTest.class.getName());
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int ROOMS = 2;
  private static final int PER_ROOM_PER_NODE = 15;
  private static final int EVENTS = 200;
  private static final List<TestNode> nodes = new ArrayList<>();

  @BeforeAll
  static void start() {
    nodes.addAll(TestNode.cluster(3, c -> c.getJsonObject("node").put("busMetrics", true)));
  }

  @AfterAll
  static void stop() {
    nodes.forEach(TestNode::close);
  }

  @Test
  void registrations_grow_with_rooms_times_nodes_and_a_publish_costs_one_bus_message_per_node() {
    int before = registrations();
    List<SseClient> clients = new ArrayList<>();
    try {
      for (int r = 0; r < ROOMS; r++) {
        String room = "fan-" + r;
        for (TestNode node : nodes) {
          String token = node.token("u-" + r, List.of(room), List.of());
          for (int c = 0; c < PER_ROOM_PER_NODE; c++) {
            SseClient sse = node.sse("/rooms/" + room + "/events?token=" + token);
            sse.nextEvent(WAIT); // the snapshot: subscribed cluster-wide from here on
            clients.add(sse);
          }
        }
      }
      int connections = clients.size();
      int added = registrations() - before;
      for (int r = 0; r < ROOMS; r++) {
        assertEquals(nodes.size(), registrations(Addresses.room("fan-" + r)), "room fan-" + r);
      }
      assertEquals(ROOMS * nodes.size(), added, "registrations added by " + connections);

      awaitQuietBus();
      double remoteBefore = roomMessagesFromOtherNodes();
      double framesBefore = sum(Meters.EVENTS_DELIVERED, null, null);
      for (int i = 0; i < EVENTS; i++) {
        nodes.get(0).publish("fan-0", new JsonObject().put("n", i));
      }
      for (SseClient sse : clients.subList(0, PER_ROOM_PER_NODE * nodes.size())) {
        SseClient.Event e;
        do {
          e = sse.nextEvent(WAIT);
        } while (!"message".equals(e.event())
            || e.json().getJsonObject("data").getInteger("n") != EVENTS - 1);
      }
      double remote = roomMessagesFromOtherNodes() - remoteBefore;
      double frames = sum(Meters.EVENTS_DELIVERED, null, null) - framesBefore;
      LOG.info(
          String.format(
              "bus efficiency: %d nodes, %d rooms, %d SSE connections: %d registrations added"
                  + " (%d per room); %d events into a room with %d subscribers on %d nodes:"
                  + " %.0f network bus messages received (%.2f per event), %.0f frames written"
                  + " to connections (%.1f per event)",
              nodes.size(),
              ROOMS,
              connections,
              added,
              registrations(Addresses.room("fan-0")),
              EVENTS,
              PER_ROOM_PER_NODE * nodes.size(),
              nodes.size(),
              remote,
              remote / EVENTS,
              frames,
              frames / EVENTS));
      // one message to each other node per event; the publisher's node delivers locally (history's
      // own traffic between members, the routed append and the backup's copy, goes to member
      // addresses and is not counted here)
      assertEquals(2.0 * EVENTS, remote, 0.5, "room messages from other nodes");
      assertEquals(EVENTS * PER_ROOM_PER_NODE * nodes.size(), frames, 0.5);
    } finally {
      clients.forEach(SseClient::close);
    }
  }

  @Test
  void a_namespace_gets_events_only_while_followed_and_from_the_subscribe_ack_on() {
    String prefix = "dir" + System.nanoTime() + ":";
    for (TestNode node : nodes) {
      assertFalse(directory(node).followed(prefix), "nobody follows " + prefix + " yet");
    }
    TestNode edge = nodes.get(2);
    try (WsClient ws =
        WsClient.connect(
            edge.vertx(), edge.node.edgePort(), edge.token("w", List.of("*"), List.of()))) {
      ws.next("welcome", WAIT);
      JsonObject ack =
          ws.call(
              new JsonObject()
                  .put("op", "subscribe")
                  .put("rooms", new JsonArray().add(prefix + "*")),
              WAIT);
      assertEquals("ack", ack.getString("op"), ack.encode());
      // the ack means every node publishes there already: nothing to wait for
      for (TestNode node : nodes) {
        assertTrue(directory(node).followed(prefix), "followed on every node after the ack");
      }
      JsonObject accepted = nodes.get(0).publish(prefix + "1", new JsonObject().put("n", 1));
      assertEquals(accepted.getString("id"), ws.next("event", WAIT).getString("id"));
    }
    Await.until(
        WAIT,
        "the namespace is dropped everywhere once its last follower leaves",
        () -> nodes.stream().noneMatch(n -> directory(n).followed(prefix)));
  }

  private static NamespaceDirectory directory(TestNode node) {
    return node.node.namespaces();
  }

  /** Entries of Hazelcast's registration map, in total or for one address. */
  private int registrations() {
    return nodes.get(0).hazelcast().getMultiMap("__vertx.subs").size();
  }

  private int registrations(String address) {
    return nodes.get(0).hazelcast().getMultiMap("__vertx.subs").valueCount(address);
  }

  /** The sum over all nodes of a counter (optionally with one tag). */
  /** Messages received from the network on room addresses, summed over the nodes. */
  private static double roomMessagesFromOtherNodes() {
    double total = 0;
    for (TestNode node : nodes) {
      for (Counter c :
          node.node.meters().find("vertx.eventbus.received").tag("side", "remote").counters()) {
        String address = c.getId().getTag("address");
        if (address != null && address.startsWith(Addresses.ROOM_PREFIX)) {
          total += c.count();
        }
      }
    }
    return total;
  }

  private static double sum(String name, String tag, String value) {
    double total = 0;
    for (TestNode node : nodes) {
      MeterRegistry registry = node.node.meters();
      var search = registry.find(name);
      if (tag != null) {
        search = search.tag(tag, value);
      }
      for (Counter c : search.counters()) {
        total += c.count();
      }
    }
    return total;
  }

  /** Presence traffic from the joins settles before measuring: no bus message for 500 ms. */
  private static void awaitQuietBus() {
    double[] last = {-1};
    long[] since = {System.nanoTime()};
    Await.until(
        WAIT,
        "a quiet bus",
        () -> {
          double now = sum("vertx.eventbus.received", null, null);
          if (now != last[0]) {
            last[0] = now;
            since[0] = System.nanoTime();
            return false;
          }
          return System.nanoTime() - since[0] > Duration.ofMillis(500).toNanos();
        });
  }
}

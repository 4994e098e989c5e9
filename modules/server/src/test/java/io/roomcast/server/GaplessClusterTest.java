package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.Addresses;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three clustered nodes in one JVM, publishers on all of them at once into one room: every SSE and
 * WebSocket subscriber, on every node, sees the room's durable events in seq order, without a gap
 * or a repeat, although the bus delivers messages from different senders in any order.
 */
class GaplessClusterTest {
  private static final Logger LOG = Logger.getLogger(GaplessClusterTest.class.getName());
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int PER_NODE = 150;
  private static final List<TestNode> nodes = new ArrayList<>();

  @BeforeAll
  static void start() {
    nodes.addAll(TestNode.cluster(3));
  }

  @AfterAll
  static void stop() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  @Test
  void concurrent_publishers_on_three_nodes_reach_subscribers_on_each_in_order_without_gaps() {
    String room = "g-concurrent";
    List<SseClient> sses = new ArrayList<>();
    List<WsClient> sockets = new ArrayList<>();
    ConcurrentLinkedQueue<Long> raw = new ConcurrentLinkedQueue<>();
    MessageConsumer<JsonObject> rawConsumer =
        nodes
            .get(2)
            .vertx()
            .eventBus()
            .consumer(Addresses.room(room), m -> raw.add(m.body().getLong("seq")));
    Await.result(rawConsumer.completion());
    try {
      for (TestNode n : nodes) {
        String token = n.token("u" + sses.size(), List.of(room), List.of());
        SseClient sse = n.sse("/rooms/" + room + "/events?token=" + token);
        assertEquals("snapshot", sse.nextEvent(WAIT).event());
        sses.add(sse);
        WsClient ws = WsClient.connect(n.vertx(), n.node.edgePort(), token);
        ws.call(
            new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add(room)), WAIT);
        sockets.add(ws);
      }

      long started = System.nanoTime();
      List<Future<?>> sent = new ArrayList<>();
      for (TestNode n : nodes) {
        for (int i = 0; i < PER_NODE; i++) {
          sent.add(
              n.http
                  .post(n.node.apiPort(), "127.0.0.1", "/api/rooms/" + room + "/events")
                  .putHeader("Authorization", "Bearer " + TestConfig.API_KEY)
                  .sendBuffer(Buffer.buffer("{\"type\":\"message\",\"data\":{}}"))
                  .map(
                      r -> {
                        assertEquals(202, r.statusCode(), r.bodyAsString());
                        return r;
                      }));
        }
      }
      Await.result(Future.all(sent), 60);
      long total = 3L * PER_NODE;
      for (SseClient sse : sses) {
        for (long seq = 1; seq <= total; seq++) {
          SseClient.Event e = nextMessage(sse);
          assertEquals(Long.toString(seq), e.id(), "SSE seq order");
        }
      }
      for (WsClient ws : sockets) {
        for (long seq = 1; seq <= total; seq++) {
          assertEquals(seq, nextMessage(ws).getLong("seq"), "WebSocket seq order");
        }
      }
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      Await.until(WAIT, "raw bus copies", () -> raw.size() == total);
      LOG.info(
          () ->
              "gapless: "
                  + total
                  + " events from 3 nodes in "
                  + elapsedMs
                  + " ms; on the raw bus "
                  + inversions(new ArrayList<>(raw))
                  + " arrived after a higher seq");
    } finally {
      sses.forEach(SseClient::close);
      sockets.forEach(WsClient::close);
      rawConsumer.unregister();
    }
  }

  private static long inversions(List<Long> arrival) {
    long n = 0;
    long max = 0;
    for (long s : arrival) {
      if (s < max) {
        n++;
      }
      max = Math.max(max, s);
    }
    return n;
  }

  private static SseClient.Event nextMessage(SseClient sse) {
    while (true) {
      SseClient.Event e = sse.nextEvent(WAIT);
      if ("message".equals(e.event()) || "reset".equals(e.event())) {
        return e;
      }
    }
  }

  private static JsonObject nextMessage(WsClient ws) {
    while (true) {
      JsonObject f = ws.next("event", WAIT);
      if ("message".equals(f.getString("type"))) {
        return f;
      }
    }
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Back-pressure on the WebSocket path: frames go straight to the channel, never past its limit. */
class WebSocketSlowConsumerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void a_stalled_socket_is_closed_while_a_healthy_one_gets_every_event_in_order() {
    try (TestNode node =
        TestNode.start(
            TestConfig.clusterName(), c -> c.getJsonObject("edge").put("queueFrames", 64))) {
      String token = node.token("alice", List.of("*"), List.of());
      StallingSocket stalled =
          StallingSocket.open(node.vertx(), node.node.edgePort(), "/ws?token=" + token);
      Await.until(WAIT, "welcome", () -> stalled.saw("\"op\":\"welcome\""));
      stalled.send(
          new JsonObject()
              .put("op", "subscribe")
              .put("rooms", new JsonArray().add("busy"))
              .put("ref", "s"));
      Await.until(WAIT, "subscribed", () -> stalled.saw("\"op\":\"ack\""));
      stalled.stall();

      try (WsClient healthy = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
        healthy.next("welcome", WAIT);
        JsonObject ack =
            healthy.call(
                new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add("busy")),
                WAIT);
        assertEquals("ack", ack.getString("op"), ack.encode());
        JsonObject big = new JsonObject().put("blob", "x".repeat(30 * 1024));
        // big events, ten at a time, until the stalled socket is released (~45 MB at the most:
        // far beyond loopback socket buffers and the queue); the healthy one reads meanwhile
        NodeHub hub = node.node.edge().hub();
        int n = 0;
        do {
          assertTrue(n < 1500, "the stalled socket was not released");
          for (int i = 0; i < 10; i++) {
            node.publish("busy", big.copy().put("n", n++));
          }
        } while (hub.subscriberCount(Addresses.room("busy")) != 1);
        for (int i = 0; i < n; i++) {
          JsonObject e;
          do { // presence events of the room (join, online) may come in between
            e = healthy.next("event", WAIT);
          } while (!"message".equals(e.getString("type")));
          assertEquals(i, e.getJsonObject("data").getInteger("n"));
        }
        // read what was buffered: the server closed the socket behind it
        Await.result(stalled.drainToClose(), 30);
      } finally {
        stalled.close();
      }
    }
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A bridge socket that stops reading must be closed, not buffered for without bound, while a
 * healthy one gets every event in order: on the WebSocket transport (the node hub's bounded queue
 * per socket) and on SockJS's HTTP streaming fallback (vertx-web's bridge, which writes without
 * back-pressure; roomcast's guard closes it).
 */
class SockJsSlowConsumerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final JsonObject BIG = new JsonObject().put("blob", "x".repeat(30 * 1024));

  /** Published at most (~45 MB): far beyond loopback socket buffers and the queue. */
  private static final int MAX_EVENTS = 1500;

  @Test
  void a_stalled_websocket_bridge_socket_is_closed_while_a_healthy_one_gets_every_event() {
    // idle timeout far beyond the test: only the slow-consumer guard may close the stalled socket
    try (TestNode node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.getJsonObject("edge").put("idleTimeoutSeconds", 600).put("queueFrames", 64))) {
      String path = "/eventbus/websocket?token=" + node.token("alice", List.of("*"), List.of());
      StallingSocket stalled = StallingSocket.open(node.vertx(), node.node.edgePort(), path);
      try (WsClient healthy = WsClient.connect(node.vertx(), node.node.edgePort(), path, null)) {
        stalled.send(register("room.busy"));
        healthy.send(register("room.busy"));
        BridgeProbes.untilSeen(node, "busy", healthy, () -> stalled.saw("probe"), WAIT);
        stalled.stall();
        NodeHub hub = node.node.edge().hub();
        publishAndReadAll(node, healthy, () -> hub.subscriberCount(Addresses.room("busy")) == 1);
        // read what was buffered: the server closed the socket behind it
        Await.result(stalled.drainToClose(), 30);
      } finally {
        stalled.close();
      }
    }
  }

  @Test
  void a_stalled_http_streaming_bridge_socket_is_closed_while_a_healthy_one_gets_every_event() {
    try (TestNode node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.getJsonObject("edge").put("idleTimeoutSeconds", 600))) {
      String token = "?token=" + node.token("bob", List.of("*"), List.of());
      String session = "/eventbus/7/stalling/";
      StallingSocket stalled =
          StallingSocket.post(
              node.vertx(), node.node.edgePort(), session + "xhr_streaming" + token);
      String path = "/eventbus/websocket" + token;
      try (WsClient healthy = WsClient.connect(node.vertx(), node.node.edgePort(), path, null)) {
        Await.until(WAIT, "the stream opened", () -> stalled.saw("o\n"));
        String frame = new JsonArray().add(register("room.busy").encode()).encode();
        int sent =
            Await.result(
                    node.http
                        .post(node.node.edgePort(), "127.0.0.1", session + "xhr_send" + token)
                        .sendBuffer(Buffer.buffer(frame)))
                .statusCode();
        assertEquals(204, sent);
        healthy.send(register("room.busy"));
        BridgeProbes.untilSeen(node, "busy", healthy, () -> stalled.saw("probe"), WAIT);
        double before = slowConsumerCloses(node);
        stalled.stall();
        publishAndReadAll(node, healthy, () -> slowConsumerCloses(node) > before);
      } finally {
        stalled.close();
      }
    }
  }

  /**
   * Publishes big events (ten at a time) until the stalled socket is {@code released} (the healthy
   * one reads them meanwhile, on its own event loop), then checks the healthy one got every one, in
   * order.
   */
  private static void publishAndReadAll(TestNode node, WsClient healthy, BooleanSupplier released) {
    int published = 0;
    do {
      assertTrue(published < MAX_EVENTS, "the stalled socket was not released");
      for (int i = 0; i < 10; i++) {
        node.publish("busy", BIG.copy().put("n", published++));
      }
    } while (!released.getAsBoolean());
    for (int i = 0; i < published; i++) {
      assertEquals(i, nextMessage(healthy).getJsonObject("data").getInteger("n"));
    }
  }

  private static double slowConsumerCloses(TestNode node) {
    Matcher m =
        Pattern.compile("roomcast_slow_consumer_disconnects_total(\\{[^}]*})? ([0-9.eE+-]+)")
            .matcher(node.get("/metrics").bodyAsString());
    return m.find() ? Double.parseDouble(m.group(2)) : 0;
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }

  /** The next room message's envelope (presence events may come in between). */
  private static JsonObject nextMessage(WsClient c) {
    while (true) {
      JsonObject f = c.next(WAIT);
      if ("rec".equals(f.getString("type"))
          && "message".equals(f.getJsonObject("body").getString("type"))) {
        return f.getJsonObject("body");
      }
    }
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SockJS bridge writes without back-pressure of its own: a socket that stops reading must be
 * closed, not buffered for without bound, while a healthy one gets every event in order.
 */
class SockJsSlowConsumerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void a_stalled_bridge_socket_is_closed_while_a_healthy_one_gets_every_event_in_order() {
    // idle timeout far beyond the test: only the slow-consumer guard may close the stalled socket
    try (TestNode node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.getJsonObject("edge").put("idleTimeoutSeconds", 600))) {
      String path = "/eventbus/websocket?token=" + node.token("alice", List.of("*"), List.of());
      StallingSocket stalled = StallingSocket.open(node.vertx(), node.node.edgePort(), path);
      try (WsClient healthy = WsClient.connect(node.vertx(), node.node.edgePort(), path, null)) {
        stalled.send(register("room.busy"));
        healthy.send(register("room.busy"));
        // registered once a probe comes through on both
        node.publish("busy", new JsonObject().put("probe", true));
        Await.until(WAIT, "probe on the stalled socket", () -> stalled.saw("\"probe\":true"));
        nextMessage(healthy);
        stalled.stall();

        JsonObject big = new JsonObject().put("blob", "x".repeat(30 * 1024));
        int n = 450; // ~13 MB: far beyond loopback socket buffers
        for (int i = 0; i < n; i++) {
          node.publish("busy", big.copy().put("n", i));
        }
        for (int i = 0; i < n; i++) {
          assertEquals(i, nextMessage(healthy).getJsonObject("data").getInteger("n"));
        }
        // read what was buffered: the server closed the socket behind it
        Await.result(stalled.drainToClose(), 30);
      } finally {
        stalled.close();
      }
    }
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

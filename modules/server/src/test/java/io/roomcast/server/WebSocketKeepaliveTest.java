package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketKeepaliveTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void the_server_pings_a_silent_socket_and_closes_it_after_the_idle_timeout() {
    try (TestNode node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.getJsonObject("edge").put("pingSeconds", 1).put("idleTimeoutSeconds", 3))) {
      NetClient net = node.vertx().createNetClient();
      NetSocket raw = Await.result(net.connect(node.node.edgePort(), "127.0.0.1"));
      Buffer received = Buffer.buffer();
      Promise<Void> closed = Promise.promise();
      raw.handler(received::appendBuffer);
      raw.closeHandler(v -> closed.tryComplete());
      String token = node.token("quiet", List.of("*"), List.of());
      // a hand-made client that completes the handshake, then never answers anything
      raw.write(
          "GET /ws?token="
              + token
              + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      Await.result(closed.future(), 20);
      String text = received.toString("ISO-8859-1");
      assertTrue(text.startsWith("HTTP/1.1 101"), text);
      assertTrue(containsPing(received), "the server pinged before giving up");
      assertTrue(text.contains("idle_timeout"), "the close says why: " + text);
      net.close();
    }
  }

  @Test
  void a_client_that_answers_pings_stays_connected_past_the_idle_timeout() {
    try (TestNode node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.getJsonObject("edge").put("pingSeconds", 1).put("idleTimeoutSeconds", 2))) {
      try (WsClient ws =
          WsClient.connect(
              node.vertx(), node.node.edgePort(), node.token("alive", List.of("*"), List.of()))) {
        ws.next(WAIT);
        // the Vert.x client answers pings by itself; wait well past the idle timeout
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
          ws.poll(Duration.ofMillis(200));
        }
        assertEquals("pong", ws.call(new JsonObject().put("op", "ping"), WAIT).getString("op"));
      }
    }
  }

  @Test
  void a_silent_sockjs_bridge_socket_gets_heartbeats_then_is_closed_after_the_idle_timeout() {
    try (TestNode node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.getJsonObject("edge").put("pingSeconds", 1).put("idleTimeoutSeconds", 3))) {
      String token = node.token("quiet", List.of("*"), List.of());
      try (RawWebSocket ws =
          RawWebSocket.open(
              node.vertx(),
              node.node.edgePort(),
              "/eventbus/1/quiet/websocket?token=" + token,
              RawWebSocket.standard())) {
        assertEquals("o", ws.next(RawWebSocket.TEXT, WAIT).text());
        assertEquals("h", ws.next(RawWebSocket.TEXT, WAIT).text(), "SockJS's heartbeat frame");
        // the stock client's pings would count as life; this client sends nothing
        RawWebSocket.Frame close = ws.next(RawWebSocket.CLOSE, WAIT);
        assertEquals(4000, close.closeCode());
        Await.result(ws.closed(), 10);
      }
    }
  }

  /** Scans server frames (unmasked) for a ping (opcode 0x9) after the HTTP head. */
  private static boolean containsPing(Buffer b) {
    String s = b.toString("ISO-8859-1");
    int i = s.indexOf("\r\n\r\n") + 4;
    while (i > 3 && i + 2 <= b.length()) {
      int opcode = b.getByte(i) & 0x0F;
      int len = b.getByte(i + 1) & 0x7F;
      int header = 2;
      if (len == 126) {
        len = b.getUnsignedShort(i + 2);
        header = 4;
      } else if (len == 127) {
        return false;
      }
      if (opcode == 0x9) {
        return true;
      }
      i += header + len;
    }
    return false;
  }
}

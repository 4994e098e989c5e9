package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.bridge.hub.NodeHub;
import io.roomcast.core.Addresses;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
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
            TestConfig.clusterName(), c -> c.getJsonObject("edge").put("queueFrames", 8))) {
      String token = node.token("alice", List.of("*"), List.of());
      NetClient net = node.vertx().createNetClient();
      NetSocket stalled = Await.result(net.connect(node.node.edgePort(), "127.0.0.1"));
      Promise<Void> subscribed = Promise.promise();
      Promise<Void> closed = Promise.promise();
      stalled.closeHandler(v -> closed.tryComplete());
      Buffer seen = Buffer.buffer();
      boolean[] asked = {false};
      stalled.handler(
          b -> {
            if (subscribed.future().isComplete()) {
              return; // what arrives after the resume below is drained unread
            }
            seen.appendBuffer(b);
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            if (!asked[0] && text.contains("\"op\":\"welcome\"")) {
              asked[0] = true;
              JsonObject sub =
                  new JsonObject()
                      .put("op", "subscribe")
                      .put("rooms", new JsonArray().add("busy"))
                      .put("ref", "s");
              stalled.write(masked(sub.toBuffer()));
            }
            if (text.contains("\"op\":\"ack\"")) {
              stalled.pause(); // stop reading for good: the kernel buffers fill, then ours
              subscribed.tryComplete();
            }
          });
      stalled.write(
          "GET /ws?token="
              + token
              + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      Await.result(subscribed.future());

      try (WsClient healthy = WsClient.connect(node.vertx(), node.node.edgePort(), token)) {
        healthy.next("welcome", WAIT);
        JsonObject ack =
            healthy.call(
                new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add("busy")),
                WAIT);
        assertEquals("ack", ack.getString("op"), ack.encode());
        JsonObject big = new JsonObject().put("blob", "x".repeat(30 * 1024));
        int n = 450; // ~13 MB: far beyond loopback socket buffers
        for (int i = 0; i < n; i++) {
          node.publish("busy", big.copy().put("n", i));
        }
        for (int i = 0; i < n; i++) {
          JsonObject e;
          do { // presence events of the room (join, online) may come in between
            e = healthy.next("event", WAIT);
          } while (!"message".equals(e.getString("type")));
          assertEquals(i, e.getJsonObject("data").getInteger("n"));
        }
        NodeHub hub = NodeHub.of(node.vertx());
        Await.until(
            WAIT, "stalled one released", () -> hub.subscriberCount(Addresses.room("busy")) == 1);
        stalled.resume(); // read what was buffered: the server closed the socket behind it
        Await.result(closed.future(), 30);
      } finally {
        net.close();
      }
    }
  }

  /** A client-to-server text frame: clients must mask (RFC 6455 §5.3). */
  private static Buffer masked(Buffer payload) {
    byte[] key = {1, 2, 3, 4};
    Buffer frame = Buffer.buffer().appendByte((byte) 0x81);
    int n = payload.length();
    if (n < 126) {
      frame.appendByte((byte) (0x80 | n));
    } else {
      frame.appendByte((byte) (0x80 | 126)).appendUnsignedShort(n);
    }
    frame.appendBytes(key);
    for (int i = 0; i < n; i++) {
      frame.appendByte((byte) (payload.getByte(i) ^ key[i % 4]));
    }
    return frame;
  }
}

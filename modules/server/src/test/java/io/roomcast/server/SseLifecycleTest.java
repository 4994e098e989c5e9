package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.SseClient.Event;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void an_idle_stream_gets_a_keepalive_comment_at_the_configured_interval() {
    try (TestNode node =
        TestNode.start(
            TestConfig.clusterName(), c -> c.getJsonObject("edge").put("keepaliveSeconds", 1))) {
      String token = node.token("alice", List.of("*"), List.of());
      try (SseClient sse = node.sse("/rooms/idle/events?token=" + token)) {
        assertEquals("snapshot", sse.next(WAIT).event());
        Event e = sse.next(WAIT);
        while (!e.comment()) { // the room's own presence events (join, online) come first
          assertTrue(e.event().equals("join") || e.event().startsWith("presence."), e.toString());
          e = sse.next(WAIT);
        }
        assertEquals("keepalive", e.data());
      }
    }
  }

  @Test
  void a_stalled_client_is_disconnected_and_does_not_delay_a_healthy_one() {
    try (TestNode node =
        TestNode.start(
            TestConfig.clusterName(), c -> c.getJsonObject("edge").put("queueFrames", 8))) {
      String token = node.token("alice", List.of("*"), List.of());
      String path = "/rooms/busy/events?token=" + token;
      NetClient net = node.vertx().createNetClient();
      NetSocket stalled = Await.result(net.connect(node.node.edgePort(), "127.0.0.1"));
      Promise<Void> stalledClosed = Promise.promise();
      Promise<Void> stalledOpen = Promise.promise();
      stalled.closeHandler(v -> stalledClosed.tryComplete());
      stalled.handler(
          b -> {
            if (b.toString().contains("event: snapshot")) {
              stalled.pause(); // stop reading for good: the kernel buffers fill, then ours
              stalledOpen.tryComplete();
            }
          });
      stalled.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
      Await.result(stalledOpen.future());

      try (SseClient healthy = node.sse(path)) {
        healthy.nextEvent(WAIT);
        JsonObject big = new JsonObject().put("blob", "x".repeat(30 * 1024));
        int n = 450; // ~13 MB: far beyond loopback socket buffers
        for (int i = 0; i < n; i++) {
          node.publish("busy", big.copy().put("n", i));
        }
        for (int i = 0; i < n; i++) {
          Event e = healthy.next("message", WAIT);
          assertEquals(i, e.json().getJsonObject("data").getInteger("n"));
        }
        NodeHub hub = node.node.edge().hub();
        Await.until(
            WAIT, "stalled one released", () -> hub.subscriberCount(Addresses.room("busy")) == 1);
        stalled.resume(); // read what was buffered: the server closed the socket behind it
        Await.result(stalledClosed.future(), 30);
      } finally {
        net.close();
      }
    }
  }

  @Test
  void a_graceful_shutdown_sends_a_final_frame_telling_clients_to_reconnect() {
    TestNode node = TestNode.start(TestConfig.clusterName());
    String token = node.token("alice", List.of("*"), List.of());
    SseClient sse =
        SseClient.open(
            io.vertx.core.Vertx.vertx(), node.node.edgePort(), "/rooms/bye/events?token=" + token);
    try {
      Event snapshot = sse.nextEvent(WAIT);
      assertEquals("1000", snapshot.retry(), "the first frame sets the reconnect delay");
      node.close();
      Event last = sse.next("close", WAIT);
      assertEquals("close", last.event());
      assertEquals("shutting_down", last.json().getString("code"));
      assertEquals(true, last.json().getBoolean("reconnect"));
      assertTrue(sse.awaitEnd(WAIT), "the stream ends after the final frame");
    } finally {
      sse.close();
    }
  }
}

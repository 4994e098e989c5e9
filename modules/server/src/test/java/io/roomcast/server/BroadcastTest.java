package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/broadcast} across three real nodes: every live connection (SSE, WebSocket,
 * SockJS), after its filter.
 */
class BroadcastTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static List<TestNode> nodes;

  @BeforeAll
  static void start() {
    nodes = TestNode.cluster(3);
  }

  @AfterAll
  static void stop() {
    nodes.forEach(TestNode::close);
  }

  @Test
  void a_broadcast_reaches_every_connection_of_three_nodes_and_counts_the_filtered_ones() {
    TestNode a = nodes.get(0);
    TestNode b = nodes.get(1);
    TestNode c = nodes.get(2);
    try (SseClient sse =
            a.sse("/rooms/bc-room/events?token=" + a.token("ann", List.of("*"), List.of()));
        WsClient open =
            WsClient.connect(b.vertx(), b.node.edgePort(), b.token("ben", List.of(), List.of()));
        WsClient picky =
            WsClient.connect(b.vertx(), b.node.edgePort(), b.token("cy", List.of(), List.of()));
        RawWebSocket sockJs =
            RawWebSocket.open(
                c.vertx(),
                c.node.edgePort(),
                "/eventbus/7/bcsession/websocket?token=" + c.token("dee", List.of(), List.of()),
                RawWebSocket.standard())) {
      assertEquals("snapshot", sse.nextEvent(WAIT).event());
      open.next("welcome", WAIT);
      picky.next("welcome", WAIT);
      assertEquals("o", sockJs.next(RawWebSocket.TEXT, WAIT).text(), "the SockJS session opened");
      Await.until(
          WAIT,
          "the SockJS socket is a connection",
          () -> c.node.edge().connections().all().size() == 1);
      JsonObject filtered =
          picky.call(
              new JsonObject()
                  .put("op", "filter")
                  .put("patterns", new JsonArray().add("billing:*")),
              WAIT);
      assertEquals("ack", filtered.getString("op"), filtered.encode());

      HttpResponse<Buffer> r =
          a.post(
              "/api/broadcast",
              new JsonObject()
                  .put("type", "maintenance")
                  .put("data", new JsonObject().put("at", "02:00"))
                  .put("html", "<p>down at 2 am</p>")
                  .encode());
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonObject answer = r.bodyAsJsonObject();
      assertNotNull(answer.getString("id"));
      assertEquals(3, answer.getInteger("delivered"), answer.encode());
      assertEquals(1, answer.getInteger("filtered"), answer.encode());

      JsonObject overSse = sse.next("maintenance", WAIT).json();
      assertEquals(answer.getString("id"), overSse.getString("id"));
      assertEquals("<p>down at 2 am</p>", overSse.getString("html"));
      JsonObject overWs = open.next("event", WAIT);
      assertEquals("maintenance", overWs.getString("type"));
      assertEquals("02:00", overWs.getJsonObject("data").getString("at"));
      JsonObject overSockJs = nextSockJs(sockJs);
      assertEquals("rec", overSockJs.getString("type"));
      assertEquals("user.dee", overSockJs.getString("address"), "through the socket's inbox");
      assertEquals(answer.getString("id"), overSockJs.getJsonObject("body").getString("id"));
      assertEquals("maintenance", overSockJs.getJsonObject("body").getString("type"));
      assertNull(picky.poll(Duration.ofMillis(500)), "the filtered socket got nothing");
    }
  }

  /** The next bridge message in a SockJS {@code a[...]} frame (heartbeats skipped). */
  private static JsonObject nextSockJs(RawWebSocket ws) {
    while (true) {
      String text = ws.next(RawWebSocket.TEXT, WAIT).text();
      if (text.startsWith("a")) {
        return new JsonObject(new JsonArray(text.substring(1)).getString(0));
      }
    }
  }

  @Test
  void a_broadcast_needs_the_api_key_and_a_valid_body() {
    TestNode a = nodes.get(0);
    String user = a.token("dan", List.of("*"), List.of("*"));
    HttpResponse<Buffer> asUser =
        a.post("/api/broadcast", new JsonObject().put("type", "maintenance").encode(), user);
    assertEquals(403, asUser.statusCode(), asUser.bodyAsString());
    assertCode(a.post("/api/broadcast", "{\"type\":\"bad type\"}"), 400, "invalid_type");
    assertCode(a.post("/api/broadcast", "{\"type\":\"x\",\"html\":3}"), 400, "invalid_data");
    assertCode(a.post("/api/broadcast", "{\"type\":\"x\",\"data\":[]}"), 400, "invalid_data");
    assertCode(a.post("/api/broadcast", "not json"), 400, "invalid_json");
  }

  private static void assertCode(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }
}

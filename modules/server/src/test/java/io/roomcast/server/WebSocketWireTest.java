package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.server.RawWebSocket.Frame;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket wire as roomcast serves it after the handshake (RFC 6455): the handshake answer,
 * fragmented messages, control frames, the closing handshake, refusals before the upgrade, and the
 * HTTP server's connection count once sockets have left it.
 */
class WebSocketWireTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestNode node;

  @BeforeAll
  static void start() {
    // frames up to 4 KiB; the transport reads messages up to 68 KiB (refused above 4 KiB by the
    // protocol, with a reason) and cuts off anything longer
    node =
        TestNode.start(
            TestConfig.clusterName(), c -> c.getJsonObject("edge").put("maxFrameBytes", 4096));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private RawWebSocket open(String user, String... extraHeaders) {
    String token = node.token(user, List.of("*"), List.of("*"));
    String[] headers = RawWebSocket.standard();
    String[] all = Arrays.copyOf(headers, headers.length + extraHeaders.length);
    System.arraycopy(extraHeaders, 0, all, headers.length, extraHeaders.length);
    RawWebSocket ws =
        RawWebSocket.open(node.vertx(), node.node.edgePort(), "/ws?token=" + token, all);
    assertEquals(
        "welcome", new JsonObject(ws.next(RawWebSocket.TEXT, WAIT).text()).getString("op"));
    return ws;
  }

  @Test
  void the_handshake_answers_101_with_the_accept_key_and_no_body_or_extension_headers() {
    // browsers offer compression; the edge declines it (frames are encoded once, for everyone)
    try (RawWebSocket ws =
        open("hand", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")) {
      String head = ws.head(WAIT).toLowerCase();
      assertTrue(head.startsWith("http/1.1 101"), head);
      assertTrue(head.contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), head);
      assertTrue(head.contains("upgrade: websocket"), head);
      assertFalse(head.contains("content-length"), head);
      assertFalse(head.contains("transfer-encoding"), head);
      assertFalse(head.contains("sec-websocket-extensions"), head);
    }
  }

  @Test
  void a_message_in_fragments_is_reassembled() {
    try (RawWebSocket ws = open("frag")) {
      ws.send(false, RawWebSocket.TEXT, "{\"op\":\"pi");
      ws.send(false, RawWebSocket.CONTINUATION, "ng\",\"ref\":\"");
      // a ping between fragments is answered at once (RFC 6455 §5.4)
      ws.send(true, RawWebSocket.PING, "mid");
      assertEquals("mid", ws.next(RawWebSocket.PONG, WAIT).text());
      ws.send(true, RawWebSocket.CONTINUATION, "f1\"}");
      JsonObject pong = new JsonObject(ws.next(RawWebSocket.TEXT, WAIT).text());
      assertEquals("pong", pong.getString("op"));
      assertEquals("f1", pong.getString("ref"));
    }
  }

  @Test
  void fragments_over_the_transport_limit_close_with_1009() {
    try (RawWebSocket ws = open("huge")) {
      String part = "x".repeat(30_000);
      ws.send(false, RawWebSocket.TEXT, "{\"op\":\"ping\",\"pad\":\"" + part);
      ws.send(false, RawWebSocket.CONTINUATION, part);
      ws.send(true, RawWebSocket.CONTINUATION, part + "\"}");
      assertEquals(1009, ws.next(RawWebSocket.CLOSE, WAIT).closeCode());
      Await.result(ws.closed(), 10);
    }
  }

  @Test
  void a_client_close_is_echoed_with_its_code_and_the_connection_ends() {
    try (RawWebSocket ws = open("bye")) {
      ws.send(
          true, RawWebSocket.CLOSE, Buffer.buffer().appendUnsignedShort(1000).appendString("done"));
      assertEquals(1000, ws.next(RawWebSocket.CLOSE, WAIT).closeCode());
      Await.result(ws.closed(), 10);
    }
  }

  @Test
  void a_server_close_carries_the_code_and_ends_when_the_client_echoes_it() {
    try (RawWebSocket ws = open("long")) {
      // a frame over maxFrameBytes (but within the transport's limit) is refused by the protocol
      ws.send(true, RawWebSocket.TEXT, "{\"op\":\"ping\",\"pad\":\"" + "x".repeat(8000) + "\"}");
      Frame close = ws.next(RawWebSocket.CLOSE, WAIT);
      assertEquals(1009, close.closeCode());
      ws.send(true, RawWebSocket.CLOSE, close.payload().getBuffer(0, 2));
      Await.result(ws.closed(), 3);
    }
  }

  @Test
  void a_request_that_is_not_a_version_13_upgrade_is_refused_before_it() {
    String token = node.token("old", List.of("*"), List.of());
    try (RawWebSocket ws =
        RawWebSocket.open(
            node.vertx(),
            node.node.edgePort(),
            "/ws?token=" + token,
            "Sec-WebSocket-Key: " + RawWebSocket.SAMPLE_KEY,
            "Sec-WebSocket-Version: 8")) {
      String head = ws.head(WAIT).toLowerCase();
      assertTrue(head.startsWith("http/1.1 400"), head);
      assertTrue(head.contains("sec-websocket-version: 13"), head);
    }
    try (RawWebSocket ws =
        RawWebSocket.open(
            node.vertx(),
            node.node.edgePort(),
            "/ws?token=" + token,
            "Sec-WebSocket-Version: 13")) {
      assertTrue(ws.head(WAIT).startsWith("HTTP/1.1 400"), "no key");
    }
  }

  @Test
  void sockets_that_closed_leave_the_http_servers_connection_count() {
    double before = openHttpConnections();
    for (int i = 0; i < 5; i++) {
      WsClient ws =
          WsClient.connect(
              node.vertx(), node.node.edgePort(), node.token("count" + i, List.of("*"), List.of()));
      ws.next(WAIT);
      ws.close();
    }
    Await.until(
        WAIT,
        "the edge's open HTTP connections back to " + before,
        () -> openHttpConnections() <= before);
  }

  /** Vert.x's gauge of open connections on the edge server, from the node's Prometheus page. */
  private static double openHttpConnections() {
    String metrics = node.get("/metrics").bodyAsString();
    Matcher m =
        Pattern.compile(
                "vertx_http_server_active_connections\\{[^}]*local=\"[^\"]*:"
                    + node.node.edgePort()
                    + "\"[^}]*} ([0-9.eE+-]+)")
            .matcher(metrics);
    assertTrue(m.find(), "the edge's connection gauge is exported");
    return Double.parseDouble(m.group(1));
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.server.RawWebSocket.Frame;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile WebSocket clients on every WebSocket door of the edge ({@code /ws}, the bridge's raw
 * {@code /eventbus/websocket} and SockJS's websocket transport), written byte by byte: RFC 6455
 * violations get a close frame with their code and then the TCP close, and a control-frame flood
 * from a client that never reads is closed with 1008 while the node keeps serving.
 */
class HostileWebSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestConfig.clusterName());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** The WebSocket doors, and what each says first once open. */
  enum Door {
    WS("/ws?token=") {
      @Override
      void opened(RawWebSocket ws) {
        assertEquals(
            "welcome", new JsonObject(ws.next(RawWebSocket.TEXT, WAIT).text()).getString("op"));
      }
    },
    BRIDGE("/eventbus/websocket?token=") {
      @Override
      void opened(RawWebSocket ws) {} // the raw bridge says nothing until there is something
    },
    SOCKJS("/eventbus/123/hostile1/websocket?token=") {
      @Override
      void opened(RawWebSocket ws) {
        assertEquals("o", ws.next(RawWebSocket.TEXT, WAIT).text());
      }
    };

    final String path;

    Door(String path) {
      this.path = path;
    }

    abstract void opened(RawWebSocket ws);

    RawWebSocket open() {
      String token = node.token("mallory", List.of("*"), List.of("*"));
      RawWebSocket ws =
          RawWebSocket.open(
              node.vertx(), node.node.edgePort(), path + token, RawWebSocket.standard());
      String head = ws.head(WAIT);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      opened(ws);
      return ws;
    }
  }

  /** A client frame as given: first byte (FIN, RSV, opcode), mask or not, the payload. */
  private static Buffer frame(int first, boolean masked, byte[] payload) {
    return frame(first, masked, payload.length, payload);
  }

  /** A frame whose header announces {@code length} bytes, followed by {@code payload}. */
  private static Buffer frame(int first, boolean masked, long length, byte[] payload) {
    Buffer f = Buffer.buffer().appendByte((byte) first);
    int mask = masked ? 0x80 : 0;
    if (length < 126) {
      f.appendByte((byte) (mask | length));
    } else if (length <= 0xFFFF) {
      f.appendByte((byte) (mask | 126)).appendUnsignedShort((int) length);
    } else {
      f.appendByte((byte) (mask | 127)).appendLong(length);
    }
    byte[] key = {5, 17, 29, 41};
    if (masked) {
      f.appendBytes(key);
    }
    for (int i = 0; i < payload.length; i++) {
      f.appendByte((byte) (masked ? payload[i] ^ key[i % 4] : payload[i]));
    }
    return f;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** Each violation, what the client sends, and the close code it must get. */
  private static List<Arguments> violations() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of("an unmasked frame", frame(0x81, false, utf8("{}")), 1002));
    cases.add(Arguments.of("RSV1 without an extension", frame(0xC1, true, utf8("{}")), 1002));
    cases.add(Arguments.of("RSV3 on a ping", frame(0x99, true, utf8("p")), 1002));
    cases.add(
        Arguments.of("a ping over 125 bytes", frame(0x89, true, utf8("p".repeat(126))), 1002));
    cases.add(Arguments.of("a fragmented ping", frame(0x09, true, utf8("p")), 1002));
    cases.add(Arguments.of("a reserved data opcode", frame(0x83, true, utf8("{}")), 1002));
    cases.add(Arguments.of("a reserved control opcode", frame(0x8B, true, utf8("x")), 1002));
    cases.add(Arguments.of("a continuation without a start", frame(0x80, true, utf8("{}")), 1002));
    cases.add(
        Arguments.of(
            "a new message inside a fragmented one",
            frame(0x01, true, utf8("{\"op\":")).appendBuffer(frame(0x81, true, utf8("{}"))),
            1002));
    cases.add(
        Arguments.of(
            "a frame over the size limit", frame(0x82, true, 1L << 30, new byte[0]), 1009));
    cases.add(
        Arguments.of(
            "invalid UTF-8 in a text frame", frame(0x81, true, bytes('"', 0xC3, 0x28, '"')), 1007));
    cases.add(
        Arguments.of(
            "invalid UTF-8 in a fragmented text message",
            frame(0x01, true, utf8("\"ab"))
                .appendBuffer(frame(0x00, true, bytes(0xED, 0xA0, 0x80)))
                .appendBuffer(frame(0x80, true, utf8("\""))),
            1007));
    cases.add(
        Arguments.of("a close with a reserved code", frame(0x88, true, bytes(0x03, 0xEC)), 1002));
    return cases;
  }

  private static Stream<Arguments> doorsAndViolations() {
    return Stream.of(Door.values())
        .flatMap(
            door ->
                violations().stream()
                    .map(c -> Arguments.of(door, c.get()[0], c.get()[1], c.get()[2])));
  }

  @ParameterizedTest(name = "{0}: {1} gets close {3}, then the TCP close")
  @MethodSource("doorsAndViolations")
  void a_protocol_violation_gets_a_close_frame_with_its_code_then_the_connection_ends(
      Door door, String violation, Buffer bytes, int code) {
    try (RawWebSocket ws = door.open()) {
      ws.write(bytes);
      Frame close = ws.next(RawWebSocket.CLOSE, WAIT);
      assertEquals(code, close.closeCode(), violation + ": " + close.text());
      // the server fails the connection (RFC 6455 §7.1.7): it does not wait for the client's echo
      Await.result(ws.closed(), 3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Door.class)
  void a_ping_flood_from_a_client_that_never_reads_is_closed_with_1008_and_the_node_stays_up(
      Door door) throws IOException {
    // a blocking socket: nothing is read from it (not even into a client's buffer) until asked
    try (Socket attacker = new Socket("127.0.0.1", node.node.edgePort())) {
      attacker.setSoTimeout((int) WAIT.toMillis());
      String token = node.token("mallory", List.of("*"), List.of("*"));
      OutputStream out = attacker.getOutputStream();
      out.write(
          ("GET "
                  + door.path
                  + token
                  + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                  + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                  + RawWebSocket.SAMPLE_KEY
                  + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      DataInputStream in = new DataInputStream(attacker.getInputStream());
      String head = head(in);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);

      Buffer ping =
          RawWebSocket.clientFrame(true, RawWebSocket.PING, Buffer.buffer("x".repeat(125)));
      Buffer burst = Buffer.buffer();
      for (int i = 0; i < 100; i++) {
        burst.appendBuffer(ping);
      }
      try {
        for (int i = 0; i < 200; i++) { // up to 20,000 pings, 2.6 MB, no answer read
          out.write(burst.getBytes());
        }
      } catch (IOException closedByTheServer) {
        // the server has failed the connection: what it sent before is still to be read
      }
      assertEquals(200, node.get("/health").statusCode());

      int pongs = 0;
      while (true) {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        }
        byte[] payload = in.readNBytes(length);
        if ((first & 0x0F) == RawWebSocket.CLOSE) {
          assertEquals(1008, ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF));
          break;
        }
        if ((first & 0x0F) == RawWebSocket.PONG) {
          pongs++;
        }
      }
      assertTrue(pongs <= 100, pongs + " pongs: the flood was answered");
      assertEquals(200, node.get("/health").statusCode());
    }
  }

  /** The response head, read byte by byte so nothing after it is consumed. */
  private static String head(DataInputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.readUnsignedByte());
    }
    return head.toString();
  }
}

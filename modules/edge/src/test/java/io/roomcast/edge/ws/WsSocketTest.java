package io.roomcast.edge.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WsSocket} behind Netty's frame decoder, as the edge wires it, on an {@link
 * EmbeddedChannel}: time is advanced by hand, and the channel's writability is switched off to play
 * a client that does not read.
 */
class WsSocketTest {
  private static final int MAX_MESSAGE = 1024;
  private static final int CONTROL_PER_SECOND = 10;
  private static final int OP_TEXT = 0x1;
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;
  private static final int OP_PONG = 0xA;

  private Vertx vertx;
  private EmbeddedChannel channel;
  private final List<String> texts = new ArrayList<>();
  private boolean closed;

  /** A server frame as it left: opcode and payload. */
  private record Out(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }
  }

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    channel = new EmbeddedChannel();
    WsSocket socket = new WsSocket(channel, context, MAX_MESSAGE, CONTROL_PER_SECOND, () -> {});
    socket.listener(
        new WsListener() {
          @Override
          public void text(String text) {
            texts.add(text);
          }

          @Override
          public void binary(String content) {
            texts.add(content);
          }

          @Override
          public void pong() {}

          @Override
          public void closed() {
            closed = true;
          }
        });
    channel
        .pipeline()
        .addLast("wsdecoder", new WebSocket13FrameDecoder(WsUpgrade.decoding(MAX_MESSAGE)))
        .addLast("ws", socket);
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
    vertx.close().await();
  }

  /** A masked client frame: first byte (FIN, RSV, opcode) and payload of at most 125 bytes. */
  private static ByteBuf clientFrame(int first, byte[] payload) {
    byte[] key = {3, 7, 11, 13};
    ByteBuf f = Unpooled.buffer().writeByte(first).writeByte(0x80 | payload.length).writeBytes(key);
    for (int i = 0; i < payload.length; i++) {
      f.writeByte(payload[i] ^ key[i % 4]);
    }
    return f;
  }

  private void receive(int first, String payload) {
    receive(first, payload.getBytes(StandardCharsets.UTF_8));
  }

  private void receive(int first, byte[] payload) {
    channel.writeInbound(clientFrame(first, payload));
  }

  /** Every frame the server has written so far. */
  private List<Out> written() {
    List<Out> frames = new ArrayList<>();
    for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
      int opcode = b.readByte() & 0x0F;
      byte[] payload = new byte[b.readByte() & 0x7F];
      b.readBytes(payload);
      b.release();
      frames.add(new Out(opcode, payload));
    }
    return frames;
  }

  private void clientReads(boolean reading) {
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, reading);
    channel.runPendingTasks(); // the writability event
  }

  @Test
  void pings_within_the_rate_are_each_answered_with_their_payload() {
    for (int i = 0; i < 200; i++) {
      receive(0x80 | OP_PING, "p" + i);
      channel.advanceTimeBy(1000 / CONTROL_PER_SECOND, TimeUnit.MILLISECONDS);
    }
    List<Out> out = written();
    assertEquals(200, out.size());
    assertEquals(OP_PONG, out.get(199).opcode());
    assertEquals("p199", out.get(199).text());
    assertTrue(channel.isOpen());
  }

  @Test
  void while_the_client_does_not_read_nothing_is_read_and_only_the_latest_ping_is_answered() {
    clientReads(false);
    assertFalse(channel.config().isAutoRead(), "reading pauses while the channel is not writable");
    for (int i = 0; i < 20; i++) {
      receive(0x80 | OP_PING, "p" + i);
    }
    assertTrue(written().isEmpty(), "no pong queued for a client that does not read");
    assertEquals(0, channel.unsafe().outboundBuffer().totalPendingWriteBytes());

    clientReads(true);
    List<Out> out = written();
    assertEquals(1, out.size(), "pongs are coalesced (RFC 6455 §5.5.3)");
    assertEquals("p19", out.get(0).text());
    assertTrue(channel.config().isAutoRead());
  }

  @Test
  void a_control_frame_flood_is_closed_with_1008_and_holds_at_most_the_burst() {
    int burst = CONTROL_PER_SECOND * WsSocket.CONTROL_BURST_SECONDS;
    ByteBuf flood = Unpooled.buffer();
    for (int i = 0; i < 10 * burst; i++) {
      flood.writeBytes(clientFrame(0x80 | OP_PING, "flood".getBytes(StandardCharsets.UTF_8)));
    }
    channel.writeInbound(flood); // one read
    List<Out> out = written();
    assertEquals(burst + 1, out.size());
    Out last = out.get(burst);
    assertEquals(OP_CLOSE, last.opcode());
    assertEquals(1008, last.closeCode());
    assertFalse(channel.isOpen(), "the TCP connection is closed behind the close frame");
    assertTrue(closed);
  }

  @Test
  void a_protocol_violation_gets_a_1002_close_frame_and_the_connection_closes() {
    // unmasked: what a server sends, never a client (RFC 6455 §5.1)
    channel.writeInbound(
        Unpooled.buffer().writeByte(0x81).writeByte(2).writeBytes("{}".getBytes()));
    List<Out> out = written();
    assertEquals(1, out.size());
    assertEquals(OP_CLOSE, out.get(0).opcode());
    assertEquals(1002, out.get(0).closeCode());
    assertFalse(channel.isOpen());
  }

  @Test
  void a_frame_over_the_limit_gets_1009_before_its_payload_arrives() {
    channel.writeInbound(
        Unpooled.buffer().writeByte(0x82).writeByte(0x80 | 126).writeShort(MAX_MESSAGE + 1));
    assertEquals(1009, written().get(0).closeCode());
    assertFalse(channel.isOpen());
  }

  @Test
  void a_text_message_split_inside_a_character_is_read_whole() {
    receive(OP_TEXT, new byte[] {'"', (byte) 0xC3});
    receive(0x80, new byte[] {(byte) 0xA9, '"'});
    assertEquals(List.of("\"é\""), texts);
    assertTrue(channel.isOpen());
  }

  @Test
  void invalid_utf8_in_a_text_frame_gets_1007_and_is_not_delivered() {
    receive(0x80 | OP_TEXT, new byte[] {'"', (byte) 0xC3, 0x28, '"'});
    assertEquals(1007, written().get(0).closeCode());
    assertFalse(channel.isOpen());
    assertTrue(texts.isEmpty());
  }

  @Test
  void invalid_utf8_in_a_fragmented_text_message_gets_1007() {
    receive(OP_TEXT, "\"ab");
    receive(0x00, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // a UTF-16 surrogate
    receive(0x80, "\"");
    assertEquals(1007, written().get(0).closeCode());
    assertTrue(texts.isEmpty());
  }

  @Test
  void a_client_that_never_echoes_the_servers_close_is_cut_off_after_the_closing_timeout() {
    WsSocket socket = (WsSocket) channel.pipeline().get("ws");
    socket.close((short) 4000, "bye");
    assertEquals(4000, written().get(0).closeCode());
    assertTrue(channel.isOpen());
    channel.advanceTimeBy(5, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen());
    assertNull(channel.readOutbound());
  }
}

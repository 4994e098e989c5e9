package io.roomcast.edge.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.roomcast.core.vertx.HttpPipelines;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The takeover after a WebSocket handshake, on an {@link EmbeddedChannel} whose pipeline carries
 * the handlers Vert.x's HTTP/1.x server gives a connection, by their names (which the core's
 * contract test checks against the real Vert.x): afterwards the pipeline is the frame decoder and
 * the socket alone, and bytes that follow reach the socket as frames.
 */
class WsUpgradeTest {
  private static final int MAX_MESSAGE = 1024;

  private Vertx vertx;
  private EmbeddedChannel channel;
  private WsSocket socket;
  private final List<String> texts = new ArrayList<>();

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    channel = new EmbeddedChannel();
    channel
        .pipeline()
        .addLast(HttpPipelines.DECODER, new HttpRequestDecoder())
        .addLast(HttpPipelines.ENCODER, new HttpResponseEncoder())
        .addLast("chunkedWriter", new ChunkedWriteHandler())
        .addLast("idle", new IdleStateHandler(0, 0, 60))
        .addLast(HttpPipelines.HANDLER, new ChannelInboundHandlerAdapter());
    socket = new WsSocket(channel, vertx.getOrCreateContext(), MAX_MESSAGE, 10, () -> {});
    socket.listener(
        new WsListener() {
          @Override
          public void text(String text) {
            texts.add(text);
          }

          @Override
          public void binary(String content) {}

          @Override
          public void pong() {}

          @Override
          public void closed() {}
        });
    new WsUpgrade(MAX_MESSAGE, 10).takeOver(channel.pipeline(), socket);
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
    vertx.close().await();
  }

  private static ByteBuf clientFrame(int first, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] key = {5, 1, 4, 2};
    ByteBuf f = Unpooled.buffer().writeByte(first).writeByte(0x80 | payload.length).writeBytes(key);
    for (int i = 0; i < payload.length; i++) {
      f.writeByte(payload[i] ^ key[i % 4]);
    }
    return f;
  }

  @Test
  void after_the_takeover_only_the_frame_decoder_and_the_socket_are_left() {
    List<String> names = new ArrayList<>(channel.pipeline().names());
    names.removeIf(n -> n.startsWith("DefaultChannelPipeline$TailContext"));
    assertEquals(List.of("wsdecoder", "ws"), names);
    assertTrue(channel.config().isAutoRead());
  }

  @Test
  void bytes_after_the_handshake_are_read_as_websocket_frames() {
    channel.writeInbound(clientFrame(0x81, "{\"op\":\"ping\"}"));
    assertEquals(List.of("{\"op\":\"ping\"}"), texts);
  }

  @Test
  void a_ping_is_answered_by_the_socket_with_a_pong_carrying_its_payload() {
    channel.writeInbound(clientFrame(0x89, "hi"));
    ByteBuf pong = channel.readOutbound();
    assertEquals(0x8A, pong.readUnsignedByte());
    assertEquals(2, pong.readUnsignedByte());
    assertEquals("hi", pong.toString(StandardCharsets.UTF_8));
    pong.release();
  }

  @Test
  void a_server_close_waits_for_the_echo_at_most_the_closing_timeout_of_channel_time() {
    socket.close((short) 4008, "slow_consumer");
    ByteBuf close = channel.readOutbound();
    assertEquals(0x88, close.readUnsignedByte());
    close.skipBytes(1);
    assertEquals(4008, close.readUnsignedShort());
    close.release();
    channel.advanceTimeBy(4, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isOpen(), "still waiting for the client's echo");
    channel.advanceTimeBy(1, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen());
  }
}

package io.roomcast.edge.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.presence.PresenceClient;
import io.roomcast.edge.EdgeServices;
import io.roomcast.edge.connection.Admission;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.InstanceConnections;
import io.roomcast.edge.connection.Snapshots;
import io.roomcast.edge.hub.ConnectionRegistry;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.edge.hub.RoomMembers;
import io.roomcast.edge.hub.Timers;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket connection's liveness on an {@link EmbeddedChannel} with the edge's clock in the
 * test's hand: a keepalive ping after {@code edge.pingSeconds} of silence, an {@code idle_timeout}
 * close (4000) after {@code edge.idleTimeoutSeconds}, and the TCP close once the client has not
 * echoed it within the closing timeout of channel time. No real second passes.
 */
class WsLivenessTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Vertx vertx;
  private EmbeddedChannel channel;
  private EdgeConfig config;
  private Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private Probe connection;

  /** The shared part of a WebSocket connection, with no protocol of its own. */
  private static final class Probe extends WsSocketConnection {
    Probe(Edge edge, Context context, WsSocket socket) {
      super(
          "c-1",
          new Identity("alice", List.of("*"), List.of(), false, T0.plus(Duration.ofDays(1))),
          "127.0.0.1",
          context,
          edge,
          socket);
    }

    @Override
    public void text(String text) {
      heard();
    }

    @Override
    public void binary(String content) {
      heard();
    }

    @Override
    public void deliver(String address, EncodedEvent event) {}

    @Override
    protected void farewell(ErrorCode reason, String message, boolean reconnect) {}
  }

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    RoomcastConfig defaults = RoomcastConfig.from(new JsonObject());
    config = defaults.edge();
    EdgeMetrics metrics = new EdgeMetrics(new SimpleMeterRegistry());
    PresenceClient presence = PresenceClient.create(vertx, "local");
    NodeHub hub = new NodeHub(vertx, null, 0, Timers.on(vertx), null, metrics);
    EdgeServices services =
        new EdgeServices(
            config,
            defaults.limits(),
            defaults.auth(),
            60_000,
            "node-1",
            null,
            null,
            presence,
            null,
            Admission.ALL,
            new HandClock(),
            hub,
            new ConnectionRegistry(defaults.limits()),
            metrics,
            null,
            null,
            null,
            null,
            new RoomMembers(),
            null,
            null);
    InstanceConnections connections =
        new InstanceConnections(vertx, 60_000, 60_000, presence, new HandClock());
    Edge edge = new Edge(services, null, connections, new Snapshots(vertx.eventBus()));
    Context context = vertx.getOrCreateContext();
    channel = new EmbeddedChannel();
    WsSocket socket = new WsSocket(channel, context, 1024, 10, () -> {});
    channel
        .pipeline()
        .addLast("wsdecoder", new WebSocket13FrameDecoder(WsUpgrade.decoding(1024)))
        .addLast("ws", socket);
    connection = new Probe(edge, context, socket);
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
    vertx.close().await();
  }

  /** The edge's clock, moved by the test. */
  private final class HandClock extends Clock {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return clock.instant();
    }
  }

  private long after(int seconds) {
    clock = Clock.fixed(T0.plusSeconds(seconds), ZoneOffset.UTC);
    return clock.millis();
  }

  /** The opcode and, for a close, the code of the next frame the server wrote; null if none. */
  private int[] nextFrame() {
    channel.runPendingTasks();
    ByteBuf b = channel.readOutbound();
    if (b == null) {
      return null;
    }
    int opcode = b.readUnsignedByte() & 0x0F;
    int length = b.readUnsignedByte() & 0x7F;
    int code = opcode == 0x8 && length >= 2 ? b.readUnsignedShort() : -1;
    b.release();
    return new int[] {opcode, code};
  }

  @Test
  void a_silent_client_gets_a_keepalive_ping_once_the_ping_period_has_passed() {
    connection.sweep(after(config.pingSeconds() - 1));
    assertNull(nextFrame(), "nothing before the period");
    connection.sweep(after(config.pingSeconds()));
    assertEquals(0x9, nextFrame()[0]);
    assertTrue(channel.isOpen());
  }

  /** The sweep looks at a connection only when it is due: here, when its next ping is. */
  @Test
  void a_sweep_answers_when_the_connection_next_needs_one() {
    long pingMs = config.pingSeconds() * 1000L;
    long start = after(0);
    assertEquals(start + pingMs, connection.sweep(after(1)));
    long pinged = after(config.pingSeconds());
    assertEquals(pinged + pingMs, connection.sweep(pinged));
    assertEquals(0x9, nextFrame()[0]);
  }

  @Test
  void a_client_silent_past_the_idle_timeout_is_closed_with_4000_then_cut_off() {
    connection.sweep(after(config.idleTimeoutSeconds()));
    int[] close = nextFrame();
    assertEquals(0x8, close[0]);
    assertEquals(ErrorCode.IDLE_TIMEOUT.closeCode(), close[1]);
    assertEquals(4000, close[1]);
    assertTrue(channel.isOpen(), "the closing handshake waits for the echo");
    channel.advanceTimeBy(5, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isOpen());
  }

  @Test
  void anything_heard_from_the_client_restarts_the_idle_period() {
    after(config.idleTimeoutSeconds() - 1);
    connection.text("{}");
    connection.sweep(after(config.idleTimeoutSeconds()));
    int[] frame = nextFrame();
    assertTrue(frame == null || frame[0] != 0x8, "not closed: the client spoke a second ago");
    assertTrue(channel.isOpen());
  }
}

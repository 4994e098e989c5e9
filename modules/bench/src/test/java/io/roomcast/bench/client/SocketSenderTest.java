package io.roomcast.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SocketSenderTest {
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A connection that keeps what is written on it. */
  private static final class Recorded implements Transport.Connection {
    final ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();

    @Override
    public void send(String text) {
      frames.add(text);
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }

  @Test
  void members_send_in_turn_into_their_own_rooms_and_refusals_are_not_counted_as_accepted()
      throws Exception {
    List<String> rooms = List.of("a", "b");
    List<Subscriber> members = new ArrayList<>();
    List<Recorded> sockets = new ArrayList<>();
    Latency latency = new Latency();
    for (int i = 0; i < 4; i++) {
      members.add(new Subscriber(i, rooms.get(i % 2), 0, latency));
      sockets.add(new Recorded());
    }
    SocketSender sender =
        new SocketSender(
            vertx,
            vertx.getOrCreateContext(),
            List.copyOf(sockets),
            members,
            k -> k % 2,
            rooms,
            ChatWire.SOCKET_IO,
            2000,
            100);
    sender.run(200, false).await(10, TimeUnit.SECONDS);
    members.get(1).refused(Buffer.buffer("warm-up refusal, not counted"));
    sender.run(200, true).await(10, TimeUnit.SECONDS);
    members.get(1).refused(Buffer.buffer("42[\"error\"]"));

    int total = sockets.stream().mapToInt(s -> s.frames.size()).sum();
    assertTrue(total >= 600, "sent " + total);
    int max = sockets.stream().mapToInt(s -> s.frames.size()).max().orElseThrow();
    int min = sockets.stream().mapToInt(s -> s.frames.size()).min().orElseThrow();
    assertTrue(max - min <= 1, "turns: " + min + ".." + max);
    for (int i = 0; i < 4; i++) {
      for (String frame : sockets.get(i).frames) {
        JsonArray emit = new JsonArray(frame.substring(2));
        assertEquals("msg", emit.getString(0));
        assertEquals(rooms.get(i % 2), emit.getString(1));
      }
    }
    long measuredA = measured(sockets.get(0)) + measured(sockets.get(2));
    long measuredB = measured(sockets.get(1)) + measured(sockets.get(3));
    assertEquals(measuredA, sender.accepted(0));
    assertEquals(measuredB - 1, sender.accepted(1));
    assertEquals(1, sender.failed());
    assertEquals(measuredA + measuredB - 1, sender.acceptedTotal());
  }

  private static long measured(Recorded socket) {
    return socket.frames.stream().filter(f -> f.contains("\"bm\":1")).count();
  }
}

package io.roomcast.edge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.edge.hub.EdgeMetrics;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slow-consumer rules: ephemeral events go first, a durable one is never dropped silently. */
class OutboxTest {
  private static final EdgeMetrics METRICS = new EdgeMetrics(new SimpleMeterRegistry());

  /** A socket whose write queue is full until {@link #drain}. */
  private static final class Socket implements Outbox.Sink {
    final List<String> written = new ArrayList<>();
    boolean full = true;
    Handler<Void> drain;

    @Override
    public boolean writeQueueFull() {
      return full;
    }

    @Override
    public void write(Buffer frame) {
      written.add(frame.toString());
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
      drain = handler;
    }

    void drain() {
      full = false;
      drain.handle(null);
    }
  }

  private static EncodedEvent durable(long seq) {
    return new EncodedEvent(
        new JsonObject().put("room", "r").put("type", "message").put("seq", seq).put("epoch", "e"));
  }

  private static EncodedEvent typing(String user) {
    return new EncodedEvent(
        new JsonObject().put("room", "r").put("type", "typing.start").put("user", user));
  }

  private static void send(Outbox o, EncodedEvent f) {
    String label = f.durable() ? "m" + f.seq() : "t-" + f.envelope().getString("user");
    o.send(Buffer.buffer(label), f);
  }

  @Test
  void a_full_queue_drops_its_oldest_ephemeral_event_to_keep_a_durable_one() {
    Socket socket = new Socket();
    boolean[] overflowed = {false};
    Outbox o = new Outbox(socket, 3, false, false, METRICS, () -> overflowed[0] = true);
    send(o, typing("a"));
    send(o, durable(1));
    send(o, typing("b"));
    send(o, durable(2));
    assertFalse(overflowed[0]);
    socket.drain();
    assertEquals(List.of("m1", "t-b", "m2"), socket.written);
  }

  @Test
  void an_ephemeral_event_arriving_at_a_queue_full_of_durable_ones_is_the_one_dropped() {
    Socket socket = new Socket();
    boolean[] overflowed = {false};
    Outbox o = new Outbox(socket, 2, false, false, METRICS, () -> overflowed[0] = true);
    send(o, durable(1));
    send(o, durable(2));
    send(o, typing("a"));
    assertFalse(overflowed[0]);
    socket.drain();
    assertEquals(List.of("m1", "m2"), socket.written);
  }

  @Test
  void a_durable_event_that_does_not_fit_overflows_and_the_last_written_seq_is_known() {
    Socket socket = new Socket();
    socket.full = false;
    boolean[] overflowed = {false};
    Outbox o = new Outbox(socket, 2, false, false, METRICS, () -> overflowed[0] = true);
    send(o, durable(1));
    assertEquals(1, o.lastWritten("r").seq());
    assertEquals("e", o.lastWritten("r").epoch());
    socket.full = true;
    send(o, durable(2));
    send(o, durable(3));
    send(o, durable(4));
    assertTrue(overflowed[0]);
    assertEquals(1, o.lastWritten("r").seq(), "queued events were never written");
    assertNull(o.lastWritten("other"));
  }

  @Test
  void coalesced_writes_record_the_last_durable_event() {
    Socket socket = new Socket();
    Outbox o = new Outbox(socket, 10, true, false, METRICS, () -> {});
    send(o, durable(1));
    send(o, typing("a"));
    send(o, durable(2));
    socket.drain();
    assertEquals(List.of("m1t-am2"), socket.written);
    assertEquals(2, o.lastWritten("r").seq());
  }
}

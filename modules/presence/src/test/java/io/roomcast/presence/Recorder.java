package io.roomcast.presence;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.Envelope;
import io.roomcast.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Everything published on one bus address, as envelopes, for the test thread to read. */
final class Recorder implements AutoCloseable {
  private final BlockingQueue<Envelope> events = new LinkedBlockingQueue<>();
  private final MessageConsumer<JsonObject> consumer;

  private Recorder(Vertx vertx, String address) {
    consumer = vertx.eventBus().consumer(address, m -> events.add(Envelope.fromJson(m.body())));
    Await.result(consumer.completion());
  }

  static Recorder room(Vertx vertx, String room) {
    return new Recorder(vertx, Addresses.room(room));
  }

  static Recorder address(Vertx vertx, String address) {
    return new Recorder(vertx, address);
  }

  /** The next event, failing after {@code seconds}. */
  Envelope next(long seconds) {
    try {
      Envelope e = events.poll(seconds, TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("no event within " + seconds + " s");
      }
      return e;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ie);
    }
  }

  Envelope next() {
    return next(10);
  }

  /** The next {@code n} events. */
  List<Envelope> take(int n) {
    List<Envelope> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  /** Every event up to and including the first that matches {@code last}. */
  List<Envelope> until(Predicate<Envelope> last) {
    List<Envelope> out = new ArrayList<>();
    while (true) {
      Envelope e = next();
      out.add(e);
      if (last.test(e)) {
        return out;
      }
    }
  }

  @Override
  public void close() {
    Await.result(consumer.unregister());
  }
}

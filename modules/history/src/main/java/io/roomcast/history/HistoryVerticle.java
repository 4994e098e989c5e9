package io.roomcast.history;

import io.roomcast.core.Addresses;
import io.roomcast.core.bus.BusError;
import io.roomcast.core.history.HistoryQuery;
import io.roomcast.core.history.HistoryStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/**
 * Answers {@value Addresses#HISTORY} requests (SockJS clients and services on the bus): {@code
 * {room, since?, limit?, epoch?}} gets the same body as {@code GET /api/rooms/{room}/history}; a
 * bad request fails with a {@link BusError} carrying the error code.
 */
public final class HistoryVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(HistoryVerticle.class.getName());

  private final HistoryStore store;
  private MessageConsumer<JsonObject> consumer;

  public HistoryVerticle(HistoryStore store) {
    this.store = store;
  }

  @Override
  public Future<?> start() {
    BusError.register(vertx);
    consumer = vertx.eventBus().consumer(Addresses.HISTORY, this::answer);
    return Future.all(store.start(), consumer.completion());
  }

  private void answer(Message<JsonObject> msg) {
    HistoryQuery q;
    try {
      q = HistoryQuery.of(msg.body() == null ? new JsonObject() : msg.body());
    } catch (RuntimeException e) {
      BusError.reply(msg, e, LOG);
      return;
    }
    store
        .read(q.room(), q.since(), q.limit())
        .onSuccess(page -> msg.reply(page.toJson(page.continuity(q.epoch(), q.since()))))
        .onFailure(err -> BusError.reply(msg, err, LOG));
  }
}

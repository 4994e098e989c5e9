package io.roomcast.history;

import io.roomcast.core.Addresses;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.history.HistoryQuery;
import io.roomcast.core.history.HistoryStores;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Answers {@value Addresses#HISTORY} requests (SockJS clients and services on the bus): {@code
 * {room, since?, limit?, epoch?}} gets the same body as {@code GET /api/rooms/{room}/history}; a
 * bad request fails with the error code's HTTP status and message.
 */
public final class HistoryVerticle extends VerticleBase {
  private MessageConsumer<JsonObject> consumer;

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.HISTORY, this::answer);
    return consumer.completion();
  }

  private void answer(Message<JsonObject> msg) {
    HistoryQuery q;
    try {
      q = HistoryQuery.of(msg.body() == null ? new JsonObject() : msg.body());
    } catch (RuntimeException e) {
      fail(msg, e);
      return;
    }
    HistoryStores.of(vertx)
        .read(q.room(), q.since(), q.limit())
        .onSuccess(page -> msg.reply(page.toJson(page.continuity(q.epoch(), q.since()))))
        .onFailure(err -> fail(msg, err));
  }

  private static void fail(Message<JsonObject> msg, Throwable err) {
    RoomcastException e = RoomcastException.of(err);
    msg.fail(e.code().httpStatus(), e.code().code() + ": " + e.getMessage());
  }
}

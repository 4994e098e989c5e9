package io.roomcast.history;

import io.roomcast.core.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers the other history members at this member's address ({@link Addresses#historyMember}):
 * grouped appends to the rooms it owns and grouped copies from the owners it backs up ({@code
 * parts}, answered in order), reads and deletes for rooms it owns, hand-overs and drops. An
 * operation on a room this member does not own is answered {@code moved}.
 */
final class PeerService {
  static final String APPEND = "append";
  static final String COPY = "copy";
  private static final String READ = "read";
  private static final String DELETE = "delete";
  private static final String HAND_OVER = "handOver";
  private static final String DROP = "drop";
  private static final Logger LOG = Logger.getLogger(PeerService.class.getName());

  private final Vertx vertx;
  private final Members members;
  private final Placement placement;
  private MessageConsumer<JsonObject> consumer;

  PeerService(Vertx vertx, Members members, Placement placement) {
    this.vertx = vertx;
    this.members = members;
    this.placement = placement;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.historyMember(members.self()), this::answer);
    return consumer.completion();
  }

  static JsonObject read(String room, long since, int limit) {
    return op(READ, room).put("since", since).put("limit", limit);
  }

  static JsonObject delete(String room) {
    return op(DELETE, room);
  }

  static JsonObject handOver(String room) {
    return op(HAND_OVER, room);
  }

  static JsonObject drop(String room) {
    return op(DROP, room);
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put(PeerLink.OP, op).put(LogWire.ROOM, room);
  }

  private void answer(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String room = body.getString(LogWire.ROOM);
    Future<JsonObject> answer =
        switch (body.getString(PeerLink.OP, "")) {
          case APPEND -> appended(body.getJsonArray(PeerLink.PARTS));
          case COPY -> Future.succeededFuture(kept(body.getJsonArray(PeerLink.PARTS)));
          case HAND_OVER -> Future.succeededFuture(placement.handOver(room));
          case DROP -> {
            placement.drop(room);
            yield Future.succeededFuture(new JsonObject());
          }
          case READ ->
              owned(room)
                  ? placement
                      .read(room, body.getLong("since"), body.getInteger("limit"))
                      .map(LogWire::slice)
                  : moved();
          case DELETE -> owned(room) ? placement.delete(room).map(v -> new JsonObject()) : moved();
          default -> Future.failedFuture("unknown history operation");
        };
    answer.onComplete(
        ar -> {
          if (ar.succeeded()) {
            msg.reply(ar.result());
          } else {
            LOG.log(Level.FINE, "history operation failed", ar.cause());
            msg.reply(
                new JsonObject().put(LogWire.FAILED, String.valueOf(ar.cause().getMessage())));
          }
        });
  }

  private Future<JsonObject> appended(JsonArray parts) {
    List<Future<JsonObject>> answers = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      JsonObject part = parts.getJsonObject(i);
      String room = part.getString(LogWire.ROOM);
      answers.add(
          owned(room)
              ? placement
                  .here(room, LogWire.itemsOf(part))
                  .map(LogWire::stamps)
                  .otherwise(err -> new JsonObject().put(LogWire.FAILED, err.getMessage()))
              : moved());
    }
    return Future.all(answers).map(all -> inParts(answers));
  }

  private JsonObject kept(JsonArray parts) {
    List<JsonObject> answers = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      answers.add(placement.keep(parts.getJsonObject(i)));
    }
    return new JsonObject().put(PeerLink.PARTS, new JsonArray(new ArrayList<>(answers)));
  }

  private static JsonObject inParts(List<Future<JsonObject>> answers) {
    JsonArray out = new JsonArray();
    for (Future<JsonObject> a : answers) {
      out.add(a.result());
    }
    return new JsonObject().put(PeerLink.PARTS, out);
  }

  private boolean owned(String room) {
    return members.self().equals(members.owner(room));
  }

  private static Future<JsonObject> moved() {
    return Future.succeededFuture(LogWire.flag(LogWire.MOVED));
  }
}

package io.roomcast.edge.ws;

import io.roomcast.core.RoomcastException;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.connection.RoomRefusal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The server's messages of the WebSocket protocol ({@code welcome}, {@code ack}, {@code error}...).
 */
final class WsMessages {
  private WsMessages() {}

  /** The first frame; {@code cid} only when the client chose one. */
  static JsonObject welcome(String connection, String user, String cid) {
    JsonObject welcome =
        new JsonObject().put("op", "welcome").put("connection", connection).put("user", user);
    if (cid != null) {
      welcome.put("cid", cid);
    }
    return welcome;
  }

  static JsonObject ack(String ref) {
    JsonObject ack = new JsonObject().put("op", "ack");
    if (ref != null) {
      ack.put("ref", ref);
    }
    return ack;
  }

  /** An {@code ack} carrying one result field. */
  static JsonObject ack(String ref, String field, Object value) {
    return ack(ref).put(field, value);
  }

  /** The {@code ack} of a publish: the event's id, and its seq when it is stored. */
  static JsonObject published(String ref, Envelope event) {
    JsonObject ack = ack(ref).put("id", event.id());
    if (event.seq() != null) {
      ack.put("seq", event.seq());
    }
    return ack;
  }

  /** The {@code ack} of a token refresh: when the new token expires, what it no longer covers. */
  static JsonObject refreshed(String ref, Instant expires, List<String> dropped) {
    return ack(ref).put("expires", expires.getEpochSecond()).put("dropped", new JsonArray(dropped));
  }

  /** A room's {@code snapshot}, with where the socket stands in the room. */
  static JsonObject snapshot(JsonObject state, StreamPosition at) {
    return state.put("op", "snapshot").mergeIn(at.toJson());
  }

  /** The backend subscribed the socket to {@code rooms} (no {@code ref}: nobody asked). */
  static JsonObject subscribed(List<String> rooms) {
    return new JsonObject().put("op", "subscribed").put("rooms", new JsonArray(rooms));
  }

  /** The backend unsubscribed the socket from {@code rooms} and revoked them. */
  static JsonObject unsubscribed(List<String> rooms) {
    return new JsonObject().put("op", "unsubscribed").put("rooms", new JsonArray(rooms));
  }

  static JsonObject pong(String ref) {
    return ack(ref).put("op", "pong");
  }

  /** The {@code error} answering an op that failed, naming its room when the refusal does. */
  static JsonObject error(Throwable failure, String ref) {
    if (failure instanceof RoomRefusal r) {
      return error(r.reason(), ref).put("room", r.room());
    }
    return error(RoomcastException.of(failure), ref);
  }

  static JsonObject error(RoomcastException e, String ref) {
    JsonObject error =
        new JsonObject()
            .put("op", "error")
            .put("code", e.code().code())
            .put("message", e.getMessage());
    if (ref != null) {
      error.put("ref", ref);
    }
    return error;
  }
}

package io.roomcast.edge.ws;

import io.roomcast.core.RoomcastException;
import io.vertx.core.json.JsonObject;

/**
 * The server's messages of the WebSocket protocol ({@code welcome}, {@code ack}, {@code error}...).
 */
final class WsMessages {
  private WsMessages() {}

  static JsonObject welcome(String connection, String user) {
    return new JsonObject().put("op", "welcome").put("connection", connection).put("user", user);
  }

  static JsonObject ack(String ref) {
    JsonObject ack = new JsonObject().put("op", "ack");
    if (ref != null) {
      ack.put("ref", ref);
    }
    return ack;
  }

  static JsonObject pong(String ref) {
    return ack(ref).put("op", "pong");
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

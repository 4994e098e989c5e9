package io.roomcast.edge.ws;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.vertx.core.json.JsonObject;

/** Server → client frames of the WebSocket protocol (DESIGN.md "Edge"). */
public final class WsMessages {
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

  /**
   * Close codes: 1012 (service restart) on shutdown, 4xxx (application range, RFC 6455 §7.4.2) for
   * the rest; 4000–4099 mean "reconnect", 4100+ mean "do not reconnect with this token".
   */
  public static short closeCode(ErrorCode reason) {
    return switch (reason) {
      case SHUTTING_DOWN -> 1012;
      case PAYLOAD_TOO_LARGE -> 1009;
      case SLOW_CONSUMER -> 4008;
      case UNAVAILABLE -> 4003;
      case RATE_LIMITED -> 4029;
      case TOKEN_EXPIRED -> 4101;
      case UNAUTHORIZED, INVALID_TOKEN -> 4100;
      case TOKEN_NOT_YET_VALID -> 4102;
      case FORBIDDEN -> 4103;
      default -> 4000;
    };
  }
}

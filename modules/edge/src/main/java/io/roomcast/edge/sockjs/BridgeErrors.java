package io.roomcast.edge.sockjs;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.vertx.core.json.JsonObject;

/**
 * Errors in the bridge's wire shape, {@code {type:"err", body:<code>}}: roomcast's refusals carry
 * their {@link ErrorCode} and a message; the bridge protocol's own refusals carry the codes the
 * stock vertx-web bridge sends, which its clients already know ({@link Protocol}).
 */
final class BridgeErrors {
  private BridgeErrors() {}

  /** The bridge protocol's own refusals, named as vertx-web's bridge names them. */
  enum Protocol {
    /** A registration the bridge's rules refuse. */
    REJECTED("rejected"),
    INVALID_JSON(ErrorCode.INVALID_JSON.code()),
    MISSING_TYPE("missing_type"),
    MISSING_ADDRESS("missing_address"),
    INVALID_TYPE("invalid_type"),
    REGISTRATION_FAILURE("registration_failure"),
    INVALID_REPLY_ADDRESS("invalid_reply_address"),
    MAX_HANDLERS_REACHED("max_handlers_reached");

    private final String body;

    Protocol(String body) {
      this.body = body;
    }

    String body() {
      return body;
    }
  }

  static JsonObject frame(RoomcastException e) {
    return new JsonObject()
        .put("type", "err")
        .put("body", e.code().code())
        .put("message", e.getMessage());
  }

  /** A refusal that concerns one room (a register or publish), naming it. */
  static JsonObject frame(RoomcastException e, String room) {
    return frame(e).put("room", room);
  }

  static JsonObject frame(Protocol refusal) {
    return new JsonObject().put("type", "err").put("body", refusal.body());
  }

  /** Whether {@code err} is the stock refusal of a registration (vertx-web adds its own). */
  static boolean isRejection(JsonObject err) {
    return Protocol.REJECTED.body().equals(err.getString("body"));
  }
}

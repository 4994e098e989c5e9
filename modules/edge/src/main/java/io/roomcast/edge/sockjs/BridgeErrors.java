package io.roomcast.edge.sockjs;

import io.roomcast.core.RoomcastException;
import io.vertx.core.json.JsonObject;

/** Errors in the bridge's wire shape, with roomcast's code as the body: {@code {type:"err"}}. */
final class BridgeErrors {
  private BridgeErrors() {}

  static JsonObject frame(RoomcastException e) {
    return new JsonObject()
        .put("type", "err")
        .put("body", e.code().code())
        .put("message", e.getMessage());
  }

  /** The stock bridge's answer to a registration its rules refuse (what vertx-web sends too). */
  static JsonObject rejected() {
    return new JsonObject().put("type", "err").put("body", REJECTED);
  }

  static final String REJECTED = "rejected";
}

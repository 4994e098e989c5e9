package io.roomcast.core;

import io.roomcast.core.bus.BusError;
import io.vertx.core.json.JsonObject;

/** A refusal with a code: carried as a failed future and turned into a 4xx or error frame. */
public final class RoomcastException extends RuntimeException {
  private final ErrorCode code;

  public RoomcastException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** {@code {"code": "...", "message": "..."}} as used inside every error shape. */
  public JsonObject toJson() {
    return new JsonObject().put("code", code.code()).put("message", getMessage());
  }

  /**
   * Maps any failure to a coded one: a refusal that came over the bus keeps its code; unknown
   * failures become {@link ErrorCode#INTERNAL}.
   */
  public static RoomcastException of(Throwable t) {
    if (t instanceof RoomcastException re) {
      return re;
    }
    if (t instanceof BusError be) {
      return be.error();
    }
    return new RoomcastException(ErrorCode.INTERNAL, "internal error");
  }
}

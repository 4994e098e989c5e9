package io.roomcast.core.http;

import io.roomcast.core.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Request bodies: a JSON object or a coded refusal. */
public final class Bodies {
  private Bodies() {}

  public static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ErrorCode.INVALID_JSON.exception("body must be a JSON object");
    }
    Object value;
    try {
      value = body.toJsonValue();
    } catch (DecodeException e) {
      throw ErrorCode.INVALID_JSON.exception("body is not valid JSON");
    }
    if (!(value instanceof JsonObject json)) {
      throw ErrorCode.INVALID_JSON.exception("body must be a JSON object");
    }
    return json;
  }
}

package io.roomcast.core.http;

import io.roomcast.core.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Request bodies: a JSON object or a coded refusal. The bytes must be well-formed UTF-8 (RFC 8259
 * §8.1; overlong forms and lone surrogates are refused, not replaced) and every number must fit a
 * double: nothing is stored other than what was sent.
 */
public final class Bodies {
  private Bodies() {}

  public static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ErrorCode.INVALID_JSON.exception("body must be a JSON object");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body.getBytes()))
              .toString();
    } catch (CharacterCodingException e) {
      throw ErrorCode.INVALID_JSON.exception("body is not valid UTF-8");
    }
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw ErrorCode.INVALID_JSON.exception("body is not valid JSON");
    }
    if (!(value instanceof JsonObject json)) {
      throw ErrorCode.INVALID_JSON.exception("body must be a JSON object");
    }
    if (!finite(json)) {
      throw ErrorCode.INVALID_JSON.exception("body has a number out of range");
    }
    return json;
  }

  /** Whether every number in {@code value} is finite (the parser turns 1e999 into infinity). */
  private static boolean finite(Object value) {
    if (value instanceof Double d) {
      return Double.isFinite(d);
    }
    if (value instanceof Float f) {
      return Float.isFinite(f);
    }
    Iterable<?> children =
        value instanceof JsonObject o
            ? o.getMap().values()
            : value instanceof Map<?, ?> m
                ? m.values()
                : value instanceof JsonArray a
                    ? a.getList()
                    : value instanceof List<?> l ? l : List.of();
    for (Object child : children) {
      if (!finite(child)) {
        return false;
      }
    }
    return true;
  }
}

package io.roomcast.edge.ws;

import io.roomcast.core.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads the fields of a client's op, refusing wrong shapes with {@code invalid_request}. */
final class WsFields {
  private WsFields() {}

  /** The op's {@code ref} as the answer echoes it, or null. */
  static String ref(JsonObject msg) {
    Object ref = msg.getValue("ref");
    return ref == null ? null : String.valueOf(ref);
  }

  static String op(JsonObject msg) {
    if (!(msg.getValue("op") instanceof String op)) {
      throw ErrorCode.INVALID_REQUEST.exception("frame needs a string 'op'");
    }
    return op;
  }

  static String string(JsonObject msg, String field) {
    if (!(msg.getValue(field) instanceof String s)) {
      throw ErrorCode.INVALID_REQUEST.exception("'" + field + "' must be a string");
    }
    return s;
  }

  static boolean bool(JsonObject msg, String field) {
    if (!(msg.getValue(field) instanceof Boolean b)) {
      throw ErrorCode.INVALID_REQUEST.exception("'" + field + "' must be true or false");
    }
    return b;
  }

  static List<String> strings(JsonObject msg, String field) {
    if (!(msg.getValue(field) instanceof JsonArray arr)) {
      throw ErrorCode.INVALID_REQUEST.exception("'" + field + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>(arr.size());
    for (Object o : arr) {
      if (!(o instanceof String s)) {
        throw ErrorCode.INVALID_REQUEST.exception("'" + field + "' must be an array of strings");
      }
      out.add(s);
    }
    return out;
  }
}

package io.roomcast.core.event;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.config.LimitsConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An event as a publisher asks for it, before it gets an id, timestamp and seq. Every door (REST,
 * WebSocket, SockJS, Redis) builds drafts through {@link #parse} so validation is the same.
 *
 * @param user the publisher's identity, from its token (never from the payload)
 * @param connection the publishing connection, null for backends
 * @param html a pre-rendered HTML fragment, null when none ({@link PublishFields#html})
 * @param store false for an event that skips history: no seq, delivered live only
 */
public record EventDraft(
    String room,
    String type,
    JsonObject data,
    String user,
    String connection,
    String html,
    boolean store) {

  public EventDraft {
    Ids.requireRoom(room);
    Ids.requireType(type);
    if (data == null) {
      data = new JsonObject();
    }
  }

  /** A stored draft without an HTML fragment. */
  public EventDraft(String room, String type, JsonObject data, String user, String connection) {
    this(room, type, data, user, connection, null, true);
  }

  /**
   * Validates a client's {@code {type, data}} body. Built-in ephemeral types are refused here:
   * typing, presence and receipts have their own operations, so nobody can forge them.
   */
  public static EventDraft parse(String room, JsonObject body, String user, String connection) {
    return parse(room, body, user, connection, LimitsConfig.DEFAULTS);
  }

  /** {@link #parse(String, JsonObject, String, String)} with the node's configured limits. */
  public static EventDraft parse(
      String room, JsonObject body, String user, String connection, LimitsConfig limits) {
    return parse(room, body, user, connection, limits, UNKNOWN_LENGTH);
  }

  /**
   * {@link #parse(String, JsonObject, String, String, LimitsConfig)} of a body parsed from a JSON
   * text of {@code sourceLength} chars or bytes, which bounds the size of {@code data} (see {@link
   * #data(JsonObject, LimitsConfig, int)}).
   */
  public static EventDraft parse(
      String room,
      JsonObject body,
      String user,
      String connection,
      LimitsConfig limits,
      int sourceLength) {
    Ids.requireRoom(room);
    return new EventDraft(
        room,
        type(body),
        data(body, limits, sourceLength),
        user,
        connection,
        PublishFields.html(body, limits),
        PublishFields.store(body));
  }

  /** The length of the JSON text a body came from, when nobody knows it. */
  public static final int UNKNOWN_LENGTH = -1;

  /**
   * Encoding a parsed JSON text again yields at most three bytes per char (or byte) of the text: a
   * raw char outside ASCII takes up to three UTF-8 bytes, every escape and number at most 5/3 of
   * its source, and whitespace goes.
   */
  private static final int ENCODED_PER_SOURCE_CHAR = 3;

  /** A client-supplied {@code type}: a string of the safe charset and not a built-in type. */
  public static String type(JsonObject body) {
    Object type = body.getValue("type");
    if (!(type instanceof String t)) {
      throw ErrorCode.INVALID_TYPE.exception("'type' must be a string");
    }
    Ids.requireType(t);
    if (EventTypes.isEphemeral(t)) {
      throw ErrorCode.INVALID_TYPE.exception(
          "'" + t + "' is built in: use the typing, presence or read operations");
    }
    return t;
  }

  /** A client-supplied {@code data}: absent or a JSON object within the default limits. */
  public static JsonObject data(JsonObject body) {
    return data(body, LimitsConfig.DEFAULTS);
  }

  /** A client-supplied {@code data}: absent or a JSON object within {@code limits}. */
  public static JsonObject data(JsonObject body, LimitsConfig limits) {
    return data(body, limits, UNKNOWN_LENGTH);
  }

  /**
   * {@link #data(JsonObject, LimitsConfig)} of a body parsed from a JSON text of {@code
   * sourceLength} chars or bytes ({@link #UNKNOWN_LENGTH} when not known): a text short enough that
   * no encoding of its {@code data} can pass {@code limits.maxDataBytes()} spares encoding it just
   * to measure.
   */
  public static JsonObject data(JsonObject body, LimitsConfig limits, int sourceLength) {
    Object data = body.getValue("data");
    if (data == null) {
      return new JsonObject();
    }
    if (!(data instanceof JsonObject object)) {
      throw ErrorCode.INVALID_DATA.exception("'data' must be a JSON object");
    }
    if (depth(object, limits.maxJsonDepth()) > limits.maxJsonDepth()) {
      throw ErrorCode.INVALID_DATA.exception(
          "'data' nests deeper than " + limits.maxJsonDepth() + " levels");
    }
    boolean bounded =
        sourceLength >= 0 && (long) sourceLength * ENCODED_PER_SOURCE_CHAR <= limits.maxDataBytes();
    if (!bounded && object.toBuffer().length() > limits.maxDataBytes()) {
      throw ErrorCode.PAYLOAD_TOO_LARGE.exception(
          "'data' is over " + limits.maxDataBytes() + " bytes");
    }
    return object;
  }

  /**
   * Nesting depth of a JSON value, counting stops once past {@code cap}. Refuses numbers beyond a
   * double on the way (the JSON parser turns {@code 1e999} into infinity, which no JSON can carry).
   */
  private static int depth(Object value, int cap) {
    if (cap < 0) {
      return 1;
    }
    if (value instanceof Double d && !Double.isFinite(d)
        || value instanceof Float f && !Float.isFinite(f)) {
      throw ErrorCode.INVALID_DATA.exception("numbers in 'data' must be finite");
    }
    int inner = 0;
    if (value instanceof JsonObject o) {
      for (Object v : o.getMap().values()) {
        inner = Math.max(inner, depth(v, cap - 1));
      }
      return 1 + inner;
    }
    if (value instanceof JsonArray a) {
      for (Object v : a.getList()) {
        inner = Math.max(inner, depth(v, cap - 1));
      }
      return 1 + inner;
    }
    if (value instanceof java.util.Map<?, ?> m) {
      return depth(new JsonObject(castMap(m)), cap);
    }
    if (value instanceof java.util.List<?> l) {
      return depth(new JsonArray(new java.util.ArrayList<>(l)), cap);
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> castMap(java.util.Map<?, ?> m) {
    return (java.util.Map<String, Object>) m;
  }

  /** The envelope without seq; durable events get theirs from the room's sequence. */
  public Envelope toEnvelope() {
    return new Envelope(
        EventIds.next(), room, type, user, connection, data, Instant.now(), null, null, html);
  }
}

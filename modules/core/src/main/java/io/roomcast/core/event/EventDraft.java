package io.roomcast.core.event;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An event as a publisher asks for it, before it gets an id, timestamp and seq. Every door (REST,
 * WebSocket, SockJS, Redis) builds drafts through {@link #parse} so validation is the same.
 *
 * @param user the publisher's identity, from its token (never from the payload)
 * @param connection the publishing connection, null for backends
 */
public record EventDraft(
    String room, String type, JsonObject data, String user, String connection) {

  public EventDraft {
    Ids.requireRoom(room);
    Ids.requireType(type);
    if (data == null) {
      data = new JsonObject();
    }
  }

  /**
   * Validates a client's {@code {type, data}} body. Built-in ephemeral types are refused here:
   * typing, presence and receipts have their own operations, so nobody can forge them.
   */
  public static EventDraft parse(String room, JsonObject body, String user, String connection) {
    Ids.requireRoom(room);
    return new EventDraft(room, type(body), data(body), user, connection);
  }

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

  /** A client-supplied {@code data}: absent or a JSON object. */
  public static JsonObject data(JsonObject body) {
    Object data = body.getValue("data");
    if (data != null && !(data instanceof JsonObject)) {
      throw ErrorCode.INVALID_DATA.exception("'data' must be a JSON object");
    }
    return data == null ? new JsonObject() : (JsonObject) data;
  }

  /** The envelope without seq; durable events get theirs from the room's sequence. */
  public Envelope toEnvelope() {
    return new Envelope(EventIds.next(), room, type, user, connection, data, Instant.now(), null);
  }
}

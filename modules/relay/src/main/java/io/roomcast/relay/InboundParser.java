package io.roomcast.relay;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.config.LimitsConfig;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.event.PublishFields;
import io.roomcast.core.http.Bodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Turns a Redis message into an {@link Inbound}, with the rules REST applies: the body is a JSON
 * object {@code {type, data, user?}} (a full envelope is read the same way: its id, seq and ts are
 * the sender's and get replaced), ids and types are checked, built-in ephemeral types are refused.
 * Redis publishers are trusted backends, so they may name the {@code user} an event is from.
 * Refusals are {@code RoomcastException}s.
 */
final class InboundParser {
  /** The origin of events published into Redis by anything that is not a roomcast cluster. */
  static final String FROM_REDIS = "redis";

  private final String ownOrigin;
  private final int maxBytes;

  InboundParser(String ownOrigin, int maxBytes) {
    this.ownOrigin = ownOrigin;
    this.maxBytes = maxBytes;
  }

  Inbound parse(String channel, Buffer payload) {
    if (payload.length() > maxBytes) {
      throw ErrorCode.PAYLOAD_TOO_LARGE.exception("message exceeds " + maxBytes + " bytes");
    }
    JsonObject body = Bodies.object(payload);
    Object origin = body.getValue("origin");
    if (origin != null && !(origin instanceof String)) {
      throw ErrorCode.INVALID_REQUEST.exception("'origin' must be a string");
    }
    if (ownOrigin.equals(origin)) {
      return new Inbound.Echo();
    }
    String from = origin == null ? FROM_REDIS : (String) origin;
    if (channel.startsWith(Channels.ROOM_PREFIX)) {
      String room = channel.substring(Channels.ROOM_PREFIX.length());
      return new Inbound.ToRoom(EventDraft.parse(room, body, user(body), null), from);
    }
    if (channel.startsWith(Channels.USER_PREFIX)) {
      return userPush(Ids.requireUser(channel.substring(Channels.USER_PREFIX.length())), body);
    }
    throw ErrorCode.INVALID_REQUEST.exception("not a roomcast channel: " + channel);
  }

  private static String user(JsonObject body) {
    Object user = body.getValue("user");
    if (user == null) {
      return null;
    }
    if (!(user instanceof String u)) {
      throw ErrorCode.INVALID_USER.exception("'user' must be a string");
    }
    return Ids.requireUser(u);
  }

  /** The type and data rules of {@link EventDraft#parse}, for an event without a room. */
  private static Inbound userPush(String user, JsonObject body) {
    String type = EventDraft.type(body);
    Object data = body.getValue("data");
    if (data != null && !(data instanceof JsonObject)) {
      throw ErrorCode.INVALID_DATA.exception("'data' must be a JSON object");
    }
    PublishFields.store(body);
    String html = PublishFields.html(body, LimitsConfig.DEFAULTS);
    return new Inbound.ToUser(
        user, type, data == null ? new JsonObject() : (JsonObject) data, html);
  }
}

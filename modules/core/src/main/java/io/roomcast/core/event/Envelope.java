package io.roomcast.core.event;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One event, the same shape on every transport and on the bus.
 *
 * @param seq per-room position of durable events; null on ephemeral ones and user pushes
 * @param room null for user and connection pushes
 * @param connection the publishing connection, null for backend publishes
 * @param epoch the room history's epoch this {@code seq} belongs to (README "History and resume");
 *     null on ephemeral events
 * @param html a pre-rendered HTML fragment for HTML-format streams; null when the publisher sent
 *     none
 */
public record Envelope(
    String id,
    String room,
    String type,
    String user,
    String connection,
    JsonObject data,
    Instant ts,
    Long seq,
    String epoch,
    String html) {

  /** An envelope without an HTML fragment. */
  public Envelope(
      String id,
      String room,
      String type,
      String user,
      String connection,
      JsonObject data,
      Instant ts,
      Long seq,
      String epoch) {
    this(id, room, type, user, connection, data, ts, seq, epoch, null);
  }

  /** An envelope outside any history epoch (ephemeral events, pushes, events not yet stored). */
  public Envelope(
      String id,
      String room,
      String type,
      String user,
      String connection,
      JsonObject data,
      Instant ts,
      Long seq) {
    this(id, room, type, user, connection, data, ts, seq, null, null);
  }

  public boolean durable() {
    return seq != null;
  }

  /** This event at its place in a room's history: {@code seq} within {@code epoch}. */
  public Envelope withPosition(String epoch, long seq) {
    return new Envelope(id, room, type, user, connection, data, ts, seq, epoch, html);
  }

  /** The single conversion to the wire form; field order is stable for readers of raw frames. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id);
    if (room != null) json.put("room", room);
    json.put("type", type);
    if (user != null) json.put("user", user);
    if (connection != null) json.put("connection", connection);
    json.put("data", data == null ? new JsonObject() : data);
    json.put("ts", DateTimeFormatter.ISO_INSTANT.format(ts));
    if (seq != null) json.put("seq", seq);
    if (epoch != null) json.put("epoch", epoch);
    if (html != null) json.put("html", html);
    return json;
  }

  public static Envelope fromJson(JsonObject json) {
    String ts = json.getString("ts");
    Number seq = (Number) json.getValue("seq");
    return new Envelope(
        json.getString("id"),
        json.getString("room"),
        json.getString("type"),
        json.getString("user"),
        json.getString("connection"),
        json.getJsonObject("data"),
        ts == null ? Instant.now() : Instant.parse(ts),
        seq == null ? null : seq.longValue(),
        json.getString("epoch"),
        json.getValue("html") instanceof String h ? h : null);
  }
}

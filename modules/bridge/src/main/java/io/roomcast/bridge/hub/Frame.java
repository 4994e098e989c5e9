package io.roomcast.bridge.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One event as it leaves the node: the envelope plus its wire encodings, each computed at most once
 * and shared by every local connection (serialize once per event, not per connection).
 */
public final class Frame {
  private final JsonObject envelope;
  private final String room;
  private final String type;
  private final Long seq;
  private volatile Buffer sse;
  private volatile Buffer ws;

  public Frame(JsonObject envelope) {
    this.envelope = envelope;
    this.room = envelope.getString("room");
    this.type = envelope.getString("type");
    Number n = (Number) envelope.getValue("seq");
    this.seq = n == null ? null : n.longValue();
  }

  /** Read-only: shared between connections and threads. */
  public JsonObject envelope() {
    return envelope;
  }

  public String room() {
    return room;
  }

  public String type() {
    return type;
  }

  /** Per-room position of a durable event; null for ephemeral events and pushes. */
  public Long seq() {
    return seq;
  }

  public boolean durable() {
    return seq != null;
  }

  /** {@code id:}/{@code event:}/{@code data:} SSE frame (a racing second encode is harmless). */
  public Buffer sse() {
    Buffer b = sse;
    if (b == null) {
      b = SseFormat.event(seq, type, envelope.encode());
      sse = b;
    }
    return b;
  }

  /** WebSocket text payload: the envelope's fields inline after {@code "op":"event"}. */
  public Buffer ws() {
    Buffer b = ws;
    if (b == null) {
      Buffer json = envelope.toBuffer();
      b = Buffer.buffer(json.length() + 16).appendString("{\"op\":\"event\",");
      b.appendBuffer(json, 1, json.length() - 1);
      ws = b;
    }
    return b;
  }
}

package io.roomcast.edge.wire;

import io.roomcast.core.event.EnvelopeJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One event as it leaves the node: the envelope plus its wire encodings, each computed at most once
 * and shared by every local connection (serialize once per event, not per connection).
 */
public final class EncodedEvent {
  private final JsonObject envelope;
  private final String room;
  private final String type;
  private final Long seq;
  private final String epoch;
  private final boolean reset;
  private volatile Buffer sse;
  private volatile Buffer sseChunk;
  private volatile Buffer sseHtml;
  private volatile Buffer sseHtmlChunk;
  private volatile Buffer sseBare;
  private volatile Buffer sseHtmlBare;
  private volatile Buffer ws;
  private volatile BridgeEncoding bridge;

  public EncodedEvent(JsonObject envelope) {
    this.envelope = envelope;
    this.room = canonical(envelope.getString("room"));
    this.type = envelope.getString("type");
    Number n = (Number) envelope.getValue("seq");
    this.seq = n == null ? null : n.longValue();
    this.epoch = envelope.getString("epoch");
    this.reset = false;
  }

  private EncodedEvent(JsonObject body, boolean reset) {
    this.envelope = body;
    this.room = canonical(body.getString("room"));
    this.type = "reset";
    this.seq = body.getLong("seq");
    this.epoch = body.getString("epoch");
    this.reset = reset;
  }

  /**
   * One instance per room name, so the per-connection checks of every delivery ("same room as the
   * last frame?") end at the reference comparison instead of reading both strings.
   */
  private static String canonical(String room) {
    return room == null ? null : room.intern();
  }

  /**
   * A {@code reset}: the client's position cannot be continued (README "History and resume"). The
   * body is {@code {room, epoch, seq, reason}}: the room's current position, after which events
   * continue.
   */
  public static EncodedEvent reset(String room, String epoch, long seq, String reason) {
    JsonObject body = new JsonObject().put("room", room);
    if (epoch != null) {
      body.put("epoch", epoch);
    }
    return new EncodedEvent(body.put("seq", seq).put("reason", reason), true);
  }

  /** The history epoch of a durable event's seq; null when unknown. */
  public String epoch() {
    return epoch;
  }

  /** Whether this is a {@link #reset} rather than an event. */
  public boolean isReset() {
    return reset;
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
      b = SseEncoding.event(seq, type, EnvelopeJson.textOf(envelope));
      sse = b;
    }
    return b;
  }

  /**
   * Whether the event carries an HTML fragment, the one thing {@code ?format=html} streams send.
   */
  public boolean hasHtml() {
    return !reset && envelope.getValue("html") instanceof String;
  }

  /** The {@link SseHtmlEncoding} frame of an event that {@link #hasHtml()}, built at most once. */
  public Buffer sseHtml() {
    Buffer b = sseHtml;
    if (b == null) {
      b = SseHtmlEncoding.event(seq, type, envelope.getString("html"));
      sseHtml = b;
    }
    return b;
  }

  /** {@link #sseHtml()} as one HTTP/1.1 chunk. */
  public Buffer sseHtmlChunk() {
    Buffer b = sseHtmlChunk;
    if (b == null) {
      b = SseEncoding.chunk(sseHtml());
      sseHtmlChunk = b;
    }
    return b;
  }

  /**
   * {@link #sse()} without its {@code id:} line, for streams that number frames with their own
   * cursor (several rooms on one stream).
   */
  public Buffer sseBare() {
    Buffer b = sseBare;
    if (b == null) {
      b = SseEncoding.event(null, type, EnvelopeJson.textOf(envelope));
      sseBare = b;
    }
    return b;
  }

  /** {@link #sseHtml()} without its {@code id:} line. */
  public Buffer sseHtmlBare() {
    Buffer b = sseHtmlBare;
    if (b == null) {
      b = SseHtmlEncoding.event(null, type, envelope.getString("html"));
      sseHtmlBare = b;
    }
    return b;
  }

  /** {@link #sse()} as one HTTP/1.1 chunk, for streams written below the response encoder. */
  public Buffer sseChunk() {
    Buffer b = sseChunk;
    if (b == null) {
      b = SseEncoding.chunk(sse());
      sseChunk = b;
    }
    return b;
  }

  /**
   * The whole WebSocket frame ({@link WsEncoding}): the envelope's fields inline after {@code
   * "op":"event"}.
   */
  public Buffer ws() {
    Buffer b = ws;
    if (b == null) {
      String json = EnvelopeJson.textOf(envelope);
      String op = reset ? "{\"op\":\"reset\"," : "{\"op\":\"event\",";
      b =
          WsEncoding.text(
              Buffer.buffer(op.length() + json.length()).appendString(op + json.substring(1)));
      ws = b;
    }
    return b;
  }

  /**
   * The event-bus bridge's {@code rec} message of this event on {@code address} as a whole
   * WebSocket frame, bare or in a SockJS array frame ({@link BridgeEncoding}).
   */
  public Buffer bridge(String address, boolean inSockJsArray) {
    BridgeEncoding b = bridge;
    if (b == null || !b.isFor(address)) {
      b = new BridgeEncoding(address, envelope);
      bridge = b;
    }
    return b.frame(inSockJsArray);
  }
}

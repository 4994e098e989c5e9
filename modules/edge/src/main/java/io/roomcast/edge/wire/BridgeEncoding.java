package io.roomcast.edge.wire;

import io.roomcast.core.event.EnvelopeJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Event-bus bridge messages ({@code {"type":"rec","address":…,"body":…}}) as whole WebSocket
 * frames: bare, for the raw transport ({@code /eventbus/websocket}), or inside a SockJS array frame
 * ({@code a["…"]}) for the SockJS WebSocket transport. The same for every socket on an address, so
 * a {@link EncodedEvent} keeps its encodings for the address it is delivered on.
 */
public final class BridgeEncoding {
  private final String address;
  private final JsonObject envelope;
  private volatile Buffer raw;
  private volatile Buffer sockJs;

  BridgeEncoding(String address, JsonObject envelope) {
    this.address = address;
    this.envelope = envelope;
  }

  boolean isFor(String address) {
    return this.address.equals(address);
  }

  Buffer frame(boolean inSockJsArray) {
    if (inSockJsArray) {
      Buffer b = sockJs;
      if (b == null) {
        b = sockJsFrame(message());
        sockJs = b;
      }
      return b;
    }
    Buffer b = raw;
    if (b == null) {
      b = rawFrame(message());
      raw = b;
    }
    return b;
  }

  /** The {@code rec} message around the envelope's text, which is written once per event. */
  private String message() {
    return "{\"type\":\"rec\",\"address\":"
        + Json.encode(address)
        + ",\"body\":"
        + EnvelopeJson.textOf(envelope)
        + "}";
  }

  /**
   * {@code message} (a JSON text) as the raw transport's frame: binary, as vertx-web's raw
   * transport has always sent the bridge's messages.
   */
  public static Buffer rawFrame(String message) {
    return WsEncoding.binary(Buffer.buffer(message));
  }

  /** {@code message} as a SockJS message frame: a JSON array of one string. */
  public static Buffer sockJsFrame(String message) {
    return sockJsControl("a[" + Json.encode(message) + "]");
  }

  /** A SockJS frame as is: {@code o} (open), {@code h} (heartbeat), {@code c[…]} (close). */
  public static Buffer sockJsControl(String frame) {
    return WsEncoding.text(Buffer.buffer(frame));
  }
}

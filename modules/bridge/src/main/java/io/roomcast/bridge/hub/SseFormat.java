package io.roomcast.bridge.hub;

import io.vertx.core.buffer.Buffer;

/**
 * The text/event-stream wire format (WHATWG HTML §9.2). Field values are stripped of CR and LF so
 * no value can end a field early or inject another event.
 */
public final class SseFormat {
  private SseFormat() {}

  public static Buffer event(Long id, String event, String data) {
    Buffer b = Buffer.buffer(data.length() + event.length() + 40);
    if (id != null) {
      b.appendString("id: ").appendString(id.toString()).appendString("\n");
    }
    return b.appendString("event: ")
        .appendString(clean(event))
        .appendString("\ndata: ")
        .appendString(clean(data))
        .appendString("\n\n");
  }

  /** The first frame of a stream: the reconnect delay plus the named event. */
  public static Buffer first(int retryMs, String event, String data) {
    return Buffer.buffer("retry: " + retryMs + "\n").appendBuffer(event(null, event, data));
  }

  public static Buffer comment(String text) {
    return Buffer.buffer(": " + clean(text) + "\n\n");
  }

  /** Removes CR and LF; compact JSON never contains raw ones, other values must not. */
  static String clean(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return value.replace("\r", "").replace("\n", "");
  }
}

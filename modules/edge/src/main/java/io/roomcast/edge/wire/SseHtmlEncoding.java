package io.roomcast.edge.wire;

import io.vertx.core.buffer.Buffer;

/**
 * The {@code ?format=html} SSE frame of an event: {@code id: <seq>} for stored events, {@code
 * event: <type>}, then the HTML fragment as one {@code data:} line per line of it. A fragment's
 * line breaks (CR LF, CR or LF) end its {@code data:} lines, so an EventSource rejoins the lines
 * with LF and hands the page the fragment, line breaks normalized to LF (WHATWG HTML §9.2.6).
 */
public final class SseHtmlEncoding {
  private SseHtmlEncoding() {}

  public static Buffer event(Long id, String event, String fragment) {
    Buffer b = Buffer.buffer(fragment.length() + event.length() + 48);
    if (id != null) {
      b.appendString("id: ").appendString(id.toString()).appendString("\n");
    }
    b.appendString("event: ").appendString(SseEncoding.clean(event)).appendString("\n");
    int line = 0;
    int n = fragment.length();
    for (int i = 0; i < n; i++) {
      char c = fragment.charAt(i);
      if (c == '\r' || c == '\n') {
        dataLine(b, fragment, line, i);
        if (c == '\r' && i + 1 < n && fragment.charAt(i + 1) == '\n') {
          i++;
        }
        line = i + 1;
      }
    }
    dataLine(b, fragment, line, n);
    return b.appendString("\n");
  }

  private static void dataLine(Buffer b, String fragment, int from, int to) {
    b.appendString("data: ").appendString(fragment.substring(from, to)).appendString("\n");
  }
}

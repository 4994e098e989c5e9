package io.roomcast.edge.sse;

import io.roomcast.core.ErrorCode;
import io.roomcast.edge.connection.TypeFilter;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * What an SSE stream sends. {@code ?format=}: absent for the JSON envelope, {@code html} for the
 * HTML fragments of the events that carry one (no snapshot; keepalive, close and reset as usual).
 * {@code ?types=}: comma-separated event-type patterns ({@code message}, {@code billing:*}, {@code
 * *:paid}), as a WebSocket's {@code filter}; absent for every type.
 */
final class SseFormat {
  static final String HTML = "html";

  private SseFormat() {}

  /** Whether the stream sends HTML fragments; refuses any other format before the stream starts. */
  static boolean html(HttpServerRequest request) {
    String format = request.getParam("format");
    if (format == null) {
      return false;
    }
    if (!HTML.equals(format)) {
      throw ErrorCode.INVALID_REQUEST.exception("'format' must be html (or absent for JSON)");
    }
    return true;
  }

  /** The event types the stream sends; refuses malformed patterns before the stream starts. */
  static TypeFilter types(HttpServerRequest request) {
    String types = request.getParam("types");
    if (types == null) {
      return TypeFilter.ALL;
    }
    List<String> patterns = List.of(types.split(",", -1));
    if (patterns.contains("")) {
      throw ErrorCode.INVALID_REQUEST.exception("'types' has an empty pattern");
    }
    return TypeFilter.of(patterns);
  }
}

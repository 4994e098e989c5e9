package io.roomcast.edge.sse;

import io.roomcast.core.ErrorCode;
import io.vertx.core.http.HttpServerRequest;

/**
 * An SSE stream's {@code ?format=}: absent for the JSON envelope, {@code html} for the HTML
 * fragments of the events that carry one (no snapshot; keepalive, close and reset as usual).
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
}

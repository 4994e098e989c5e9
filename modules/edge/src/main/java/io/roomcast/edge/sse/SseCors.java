package io.roomcast.edge.sse;

import io.roomcast.core.ErrorCode;
import io.roomcast.edge.connection.Origins;
import io.vertx.core.http.HttpServerRequest;

/**
 * Cross-origin EventSources (a page served by the application's own site): an allowed origin is
 * echoed with credentials allowed, for {@code new EventSource(url, {withCredentials: true})}; a
 * disallowed one is refused before the stream starts. An EventSource GET needs no preflight.
 */
final class SseCors {
  private final Origins origins;

  SseCors(Origins origins) {
    this.origins = origins;
  }

  void admit(HttpServerRequest request) {
    request.response().putHeader("Vary", "Origin");
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return;
    }
    if (!origins.allows(request)) {
      throw ErrorCode.ORIGIN_NOT_ALLOWED.exception("origin '" + origin + "' is not allowed");
    }
    request
        .response()
        .putHeader("Access-Control-Allow-Origin", origin)
        .putHeader("Access-Control-Allow-Credentials", "true");
  }
}

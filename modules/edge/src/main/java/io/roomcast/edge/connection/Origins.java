package io.roomcast.edge.connection;

import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * The browser-origin allow-list for WebSocket and SockJS (against cross-site WebSocket hijacking).
 * An empty list allows any origin; requests without an Origin header (non-browser clients) pass.
 */
public final class Origins {
  private final List<String> allowed;

  public Origins(List<String> allowed) {
    this.allowed = allowed;
  }

  public boolean allows(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    return allowed.isEmpty() || origin == null || allowed.contains(origin);
  }
}

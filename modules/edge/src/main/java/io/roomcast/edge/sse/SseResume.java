package io.roomcast.edge.sse;

import io.roomcast.core.history.HistoryQuery;
import io.vertx.core.http.HttpServerRequest;

/**
 * Where an SSE client resumes: the {@code Last-Event-ID} header (EventSource sends it on its own
 * reconnects) or {@code ?lastEventId=}, plus {@code ?epoch=} (README "History and resume").
 */
final class SseResume {
  private SseResume() {}

  /** The last seq the client holds, or null for "from now". */
  static Long since(HttpServerRequest request) {
    String value = lastEventId(request);
    return value == null ? null : HistoryQuery.seq(value, "Last-Event-ID");
  }

  /** The raw {@code Last-Event-ID} (header first, then the parameter), null when absent. */
  static String lastEventId(HttpServerRequest request) {
    String value = request.getHeader("Last-Event-ID");
    if (value == null || value.isBlank()) {
      value = request.getParam("lastEventId");
    }
    return value == null || value.isBlank() ? null : value;
  }

  static String epoch(HttpServerRequest request) {
    return HistoryQuery.epoch(request.getParam("epoch"));
  }
}

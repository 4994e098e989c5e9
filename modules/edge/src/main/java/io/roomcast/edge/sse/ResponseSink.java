package io.roomcast.edge.sse;

import io.roomcast.edge.wire.Outbox;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** An SSE stream's frames through Vert.x's response (HTTP/2, or where no channel is reachable). */
record ResponseSink(HttpServerResponse response) implements Outbox.Sink {
  @Override
  public boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  public void write(Buffer frame) {
    response.write(frame);
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    response.drainHandler(handler);
  }
}

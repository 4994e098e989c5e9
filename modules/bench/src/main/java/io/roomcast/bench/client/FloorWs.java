package io.roomcast.bench.client;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

/** The bare Vert.x floor: {@code /ws?room=…}, subscribed as soon as the handshake completes. */
public final class FloorWs extends WsTransport {
  public FloorWs(Clients clients) {
    super(clients);
  }

  @Override
  public String name() {
    return "ws";
  }

  @Override
  String uri(Subscriber s) {
    return "/ws?room=" + s.room();
  }

  @Override
  void onConnected(WebSocket ws, Subscriber s, Promise<Void> ready) {
    ready.tryComplete();
  }

  @Override
  void onFrame(WebSocket ws, Subscriber s, Buffer frame, Promise<Void> ready) {
    s.onMessage(frame);
  }
}

package io.roomcast.bench.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;

/** A WebSocket subscription, with an optional application keepalive timer. */
final class WsConnection implements Transport.Connection {
  private final Vertx vertx;
  private final WebSocket socket;
  private final long timer;

  WsConnection(Vertx vertx, WebSocket socket, long timer) {
    this.vertx = vertx;
    this.socket = socket;
    this.timer = timer;
  }

  @Override
  public void send(String text) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(text);
    }
  }

  @Override
  public Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return socket.isClosed() ? Future.succeededFuture() : socket.close();
  }
}

package io.roomcast.bench.client;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

/**
 * Socket.IO 4 over a raw WebSocket (Engine.IO v4): answer the open packet with a namespace connect,
 * ready on {@code 40{…}} (the peer joins the room from the query on connection), answer pings with
 * pongs, take events from {@code 42["event",{…}]}.
 */
public final class SocketIoWs extends WsTransport {
  public SocketIoWs(Clients clients) {
    super(clients);
  }

  @Override
  public String name() {
    return "ws";
  }

  @Override
  String uri(Subscriber s) {
    return "/socket.io/?EIO=4&transport=websocket&room=" + s.room();
  }

  @Override
  void onConnected(WebSocket ws, Subscriber s, Promise<Void> ready) {
    // the namespace connect goes out on the open packet
  }

  @Override
  void onFrame(WebSocket ws, Subscriber s, Buffer frame, Promise<Void> ready) {
    switch (EngineIo.classify(frame)) {
      case EVENT -> s.onMessage(frame);
      case PING -> ws.writeTextMessage(EngineIo.PONG);
      case OPEN -> ws.writeTextMessage(EngineIo.CONNECT);
      case CONNECTED -> ready.tryComplete();
      case CONNECT_ERROR -> ready.tryFail("connect error: " + frame);
      case CLOSE -> s.closed();
      default -> {}
    }
  }
}

package io.roomcast.bench.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Shared WebSocket plumbing: handlers are installed before the handshake so no early frame is
 * missed; subclasses speak their protocol in {@link #onConnected} and {@link #onFrame}.
 */
abstract class WsTransport implements Transport {
  private final Clients clients;

  WsTransport(Clients clients) {
    this.clients = clients;
  }

  /** The request URI (path and query) for this subscriber. */
  abstract String uri(Subscriber s);

  /**
   * Right after the handshake: send whatever subscribes; complete {@code ready} if nothing will.
   */
  abstract void onConnected(WebSocket ws, Subscriber s, Promise<Void> ready);

  /** Every message; protocol frames are handled here, event frames passed to the subscriber. */
  abstract void onFrame(WebSocket ws, Subscriber s, Buffer frame, Promise<Void> ready);

  /** An application-level keepalive frame, or null when the protocol needs none. */
  String keepalive() {
    return null;
  }

  long keepaliveMs() {
    return 5_000;
  }

  @Override
  public Future<Connection> open(Subscriber s) {
    Promise<Void> ready = Promise.promise();
    ClientWebSocket ws = clients.ws().webSocket();
    ws.handler(frame -> onFrame(ws, s, frame, ready));
    ws.closeHandler(
        v -> {
          s.closed();
          ready.tryFail("closed before subscribing");
        });
    ws.exceptionHandler(err -> ready.tryFail(err));
    WebSocketConnectOptions options =
        new WebSocketConnectOptions().setHost(Clients.HOST).setPort(s.port()).setURI(uri(s));
    return ws.connect(options)
        .compose(
            connected -> {
              s.opened();
              onConnected(ws, s, ready);
              return ready.future();
            })
        .onFailure(err -> s.failed(String.valueOf(err.getMessage())))
        .map(v -> new WsConnection(clients.vertx(), ws, startKeepalive(ws)));
  }

  private long startKeepalive(WebSocket ws) {
    String frame = keepalive();
    if (frame == null) {
      return -1;
    }
    return clients
        .vertx()
        .setPeriodic(
            keepaliveMs(),
            id -> {
              if (!ws.isClosed()) {
                ws.writeTextMessage(frame);
              }
            });
  }

  static boolean contains(Buffer frame, byte[] needle) {
    return Probe.indexOf(frame, needle, 0) >= 0;
  }

  static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}

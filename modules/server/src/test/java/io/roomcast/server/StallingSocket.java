package io.roomcast.server;

import io.roomcast.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket (or streaming HTTP) client driven by hand on a plain TCP socket, for tests that need
 * a client that stops reading: once {@link #stall}ed, the kernel's buffers fill, then the server's.
 */
final class StallingSocket implements AutoCloseable {
  private final NetClient net;
  private final NetSocket socket;
  private final StringBuffer seen = new StringBuffer();
  private final Promise<Void> closed = Promise.promise();
  private volatile boolean stalled;

  private StallingSocket(NetClient net, NetSocket socket) {
    this.net = net;
    this.socket = socket;
    socket.closeHandler(v -> closed.tryComplete());
    socket.handler(
        b -> {
          if (!stalled) {
            seen.append(b.toString(StandardCharsets.ISO_8859_1));
          } // after the stall, what was buffered is drained unread
        });
  }

  /** Connects and sends the upgrade request for {@code pathAndQuery}. */
  static StallingSocket open(Vertx vertx, int port, String pathAndQuery) {
    return request(
        vertx,
        port,
        "GET "
            + pathAndQuery
            + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
  }

  /** Connects and sends an empty {@code POST pathAndQuery} (a streaming HTTP response follows). */
  static StallingSocket post(Vertx vertx, int port, String pathAndQuery) {
    return request(
        vertx,
        port,
        "POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
  }

  private static StallingSocket request(Vertx vertx, int port, String head) {
    NetClient net = vertx.createNetClient();
    NetSocket socket = Await.result(net.connect(port, "127.0.0.1"));
    StallingSocket s = new StallingSocket(net, socket);
    socket.write(head);
    return s;
  }

  /** Whether {@code text} has arrived (frames are read as raw bytes, not decoded). */
  boolean saw(String text) {
    return seen.indexOf(text) >= 0;
  }

  /** Sends a text frame, masked as clients must (RFC 6455 §5.3). */
  void send(JsonObject message) {
    socket.write(RawWebSocket.clientFrame(true, RawWebSocket.TEXT, message.toBuffer()));
  }

  /** Stops reading for good. */
  void stall() {
    stalled = true;
    socket.pause();
  }

  /** Reads (and drops) what was buffered; completes when the server has closed the socket. */
  Future<Void> drainToClose() {
    socket.resume();
    return closed.future();
  }

  @Override
  public void close() {
    net.close();
  }
}

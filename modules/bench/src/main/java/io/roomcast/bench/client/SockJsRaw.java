package io.roomcast.bench.client;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

/**
 * The SockJS event-bus bridge's raw endpoint {@code /eventbus/websocket}: JSON frames {@code
 * {"type":"register","address":"room.<id>"}} in, binary {@code {"type":"rec",…,"body":{…}}} out.
 * The bridge never confirms a registration, so the run's warm-up proves it; a {@code ping} every 5
 * s keeps the bridge from closing the socket as idle.
 */
public final class SockJsRaw extends WsTransport {
  private static final byte[] ERR = ascii("\"type\":\"err\"");

  private final String secret;
  private final boolean chat;

  public SockJsRaw(Clients clients, String jwtSecret) {
    this(clients, jwtSecret, false);
  }

  /**
   * With {@code chat}, an error frame once registered counts as a refused publish of this member
   * rather than failing the subscription.
   */
  public SockJsRaw(Clients clients, String jwtSecret, boolean chat) {
    super(clients);
    this.secret = jwtSecret;
    this.chat = chat;
  }

  @Override
  public String name() {
    return "sockjs";
  }

  @Override
  String uri(Subscriber s) {
    return "/eventbus/websocket?token=" + Jwt.allRooms(secret, s.user());
  }

  @Override
  void onConnected(WebSocket ws, Subscriber s, Promise<Void> ready) {
    ws.writeTextMessage("{\"type\":\"register\",\"address\":\"room." + s.room() + "\"}")
        .onComplete(v -> ready.tryComplete(), ready::tryFail);
  }

  @Override
  void onFrame(WebSocket ws, Subscriber s, Buffer frame, Promise<Void> ready) {
    if (contains(frame, ERR) && chat) {
      s.refused(frame);
    } else if (contains(frame, ERR)) {
      s.failed("bridge error: " + frame);
    } else {
      s.onMessage(frame);
    }
  }

  @Override
  String keepalive() {
    return "{\"type\":\"ping\"}";
  }
}

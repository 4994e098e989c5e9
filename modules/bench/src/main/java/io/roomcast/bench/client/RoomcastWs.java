package io.roomcast.bench.client;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

/**
 * roomcast's {@code /ws}: wait for {@code welcome}, send {@code subscribe}, ready on its {@code
 * ack}; events arrive as {@code {"op":"event",…,"data":{…}}}. Server pings are answered by Vert.x.
 */
public final class RoomcastWs extends WsTransport {
  private static final byte[] WELCOME = ascii("\"op\":\"welcome\"");
  private static final byte[] ACK = ascii("\"op\":\"ack\"");
  private static final byte[] ERROR = ascii("\"op\":\"error\"");

  private final String secret;

  public RoomcastWs(Clients clients, String jwtSecret) {
    super(clients);
    this.secret = jwtSecret;
  }

  @Override
  public String name() {
    return "ws";
  }

  @Override
  String uri(Subscriber s) {
    return "/ws?token=" + Jwt.allRooms(secret, s.user());
  }

  @Override
  void onConnected(WebSocket ws, Subscriber s, Promise<Void> ready) {
    // the subscribe goes out once the welcome arrives
  }

  @Override
  void onFrame(WebSocket ws, Subscriber s, Buffer frame, Promise<Void> ready) {
    if (ready.future().isComplete()) {
      if (contains(frame, ERROR)) {
        s.refused(frame);
      } else {
        s.onMessage(frame);
      }
    } else if (contains(frame, WELCOME)) {
      ws.writeTextMessage("{\"op\":\"subscribe\",\"rooms\":[\"" + s.room() + "\"],\"ref\":\"1\"}");
    } else if (contains(frame, ACK)) {
      ready.tryComplete();
    } else if (contains(frame, ERROR)) {
      ready.tryFail("refused: " + frame);
    } else {
      s.onMessage(frame);
    }
  }
}

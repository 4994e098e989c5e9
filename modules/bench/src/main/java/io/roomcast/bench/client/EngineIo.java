package io.roomcast.bench.client;

import io.vertx.core.buffer.Buffer;

/**
 * The slice of Engine.IO v4 / Socket.IO v5 framing the generator needs over a raw WebSocket (one
 * packet per WebSocket message, see socket.io-protocol and engine.io-protocol v4): {@code 0{…}}
 * open, {@code 2} ping (answer {@code 3}), {@code 40{…}} namespace connected, {@code 42[…]} event,
 * {@code 44{…}} connect error, {@code 1} close.
 */
public final class EngineIo {
  /** The client's namespace connect, sent after the open packet. */
  public static final String CONNECT = "40";

  public static final String PONG = "3";

  public enum Kind {
    OPEN,
    PING,
    CONNECTED,
    EVENT,
    CONNECT_ERROR,
    CLOSE,
    OTHER
  }

  private EngineIo() {}

  public static Kind classify(Buffer message) {
    if (message.length() == 0) {
      return Kind.OTHER;
    }
    byte engine = message.getByte(0);
    switch (engine) {
      case '0':
        return Kind.OPEN;
      case '1':
        return Kind.CLOSE;
      case '2':
        return Kind.PING;
      case '4':
        return socketIo(message);
      default:
        return Kind.OTHER;
    }
  }

  private static Kind socketIo(Buffer message) {
    if (message.length() < 2) {
      return Kind.OTHER;
    }
    return switch (message.getByte(1)) {
      case '0' -> Kind.CONNECTED;
      case '2' -> Kind.EVENT;
      case '4' -> Kind.CONNECT_ERROR;
      default -> Kind.OTHER;
    };
  }
}

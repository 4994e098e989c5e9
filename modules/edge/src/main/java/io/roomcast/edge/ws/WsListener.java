package io.roomcast.edge.ws;

/** What a connection hears from its {@link WsSocket}, on the channel's event loop. */
public interface WsListener {
  void text(String text);

  /** A binary message, its bytes read as UTF-8. */
  void binary(String content);

  void pong();

  /** The socket is gone (closed by either side, or failed); called once. */
  void closed();
}

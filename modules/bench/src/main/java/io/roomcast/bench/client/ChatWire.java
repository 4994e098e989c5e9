package io.roomcast.bench.client;

/**
 * How a member writes a chat message on its own socket, per protocol. {@code data} is the payload
 * object from {@link Payloads#data}.
 */
@FunctionalInterface
public interface ChatWire {
  String publish(String room, String data);

  /** roomcast {@code /ws}: {@code publish {room, type, data}}; the ack carries no probe mark. */
  ChatWire ROOMCAST_WS =
      (room, data) ->
          "{\"op\":\"publish\",\"room\":\""
              + room
              + "\",\"type\":\"message\",\"data\":"
              + data
              + "}";

  /** The SockJS bridge's raw WebSocket: an inbound {@code publish} to {@code room.<id>}. */
  ChatWire SOCKJS =
      (room, data) ->
          "{\"type\":\"publish\",\"address\":\"room."
              + room
              + "\",\"body\":{\"type\":\"message\",\"data\":"
              + data
              + "}}";

  /** Socket.IO: {@code socket.emit('msg', room, data)} as an Engine.IO v4 message. */
  ChatWire SOCKET_IO = (room, data) -> "42[\"msg\",\"" + room + "\"," + data + "]";

  /** How a chat member writes on {@code transport}. */
  static ChatWire of(Transport transport) {
    if (transport instanceof SocketIoWs) {
      return SOCKET_IO;
    }
    if (transport instanceof SockJsRaw) {
      return SOCKJS;
    }
    if (transport instanceof RoomcastWs) {
      return ROOMCAST_WS;
    }
    throw new IllegalArgumentException(transport.name() + " cannot send chat messages");
  }
}

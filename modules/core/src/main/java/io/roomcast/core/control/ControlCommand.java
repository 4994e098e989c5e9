package io.roomcast.core.control;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One command of the backend to the connections a node holds, as it travels on {@code
 * roomcast.control.<nodeId>}: end them, or make them join or leave rooms. It targets one connection
 * ({@code connection}) or every connection of a user ({@code user}).
 *
 * @param reconnect for {@link Op#DISCONNECT}: whether the client is told to reconnect
 * @param message for {@link Op#DISCONNECT}: the reason the client is shown; null for the default
 * @param rooms for {@link Op#SUBSCRIBE} and {@link Op#UNSUBSCRIBE}: exact room ids
 */
public record ControlCommand(
    Op op, String user, String connection, boolean reconnect, String message, List<String> rooms) {

  public enum Op {
    DISCONNECT,
    SUBSCRIBE,
    UNSUBSCRIBE
  }

  public static ControlCommand disconnectUser(String user, boolean reconnect, String message) {
    return new ControlCommand(Op.DISCONNECT, user, null, reconnect, message, List.of());
  }

  public static ControlCommand disconnectConnection(
      String connection, boolean reconnect, String message) {
    return new ControlCommand(Op.DISCONNECT, null, connection, reconnect, message, List.of());
  }

  public static ControlCommand subscribe(String user, List<String> rooms) {
    return new ControlCommand(Op.SUBSCRIBE, user, null, false, null, List.copyOf(rooms));
  }

  public static ControlCommand unsubscribe(String user, List<String> rooms) {
    return new ControlCommand(Op.UNSUBSCRIBE, user, null, false, null, List.copyOf(rooms));
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("op", op.name())
            .put("reconnect", reconnect)
            .put("rooms", new JsonArray(rooms));
    if (user != null) {
      json.put("user", user);
    }
    if (connection != null) {
      json.put("connection", connection);
    }
    if (message != null) {
      json.put("message", message);
    }
    return json;
  }

  public static ControlCommand fromJson(JsonObject json) {
    List<String> rooms =
        json.getJsonArray("rooms", new JsonArray()).stream().map(String::valueOf).toList();
    return new ControlCommand(
        Op.valueOf(json.getString("op")),
        json.getString("user"),
        json.getString("connection"),
        json.getBoolean("reconnect", true),
        json.getString("message"),
        rooms);
  }
}

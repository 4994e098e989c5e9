package io.roomcast.edge.sockjs;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.event.EventTypes;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.EdgeConnection;
import io.roomcast.edge.connection.RoomRefusal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What the event-bus bridge lets a socket do, whichever transport carries it (the WebSocket
 * transports served by {@link WsBridgeConnection}, the others by vertx-web's bridge): register on
 * rooms its token covers and on its own inbox, ask for snapshots and history of those rooms, and
 * publish into rooms as REST would, stamped with the token's identity.
 */
final class BridgeRules {
  private final Edge edge;
  private final RoomcastClient client;

  BridgeRules(Edge edge) {
    this.edge = edge;
    this.client = edge.client();
  }

  /**
   * Why {@code c}, following {@code heldRooms} rooms already, may not register on {@code address}:
   * the {@code err} message to answer, or null when it may. A room needs a valid id, the token's
   * {@code rooms} claim and a place under {@code edge.maxSubscriptions}; the only user address is
   * the token's own user's.
   */
  static JsonObject registerRefusal(
      EdgeConnection c, String address, int heldRooms, EdgeConfig config) {
    String room = Addresses.roomOf(address);
    if (room == null) {
      return address.equals(Addresses.user(c.identity().user()))
          ? null
          : BridgeErrors.frame(BridgeErrors.Protocol.REJECTED);
    }
    try {
      Ids.requireRoom(room);
      if (c.grants().revoked(room)) {
        throw ErrorCode.FORBIDDEN.exception("room '" + room + "' was revoked by the server");
      }
      if (!c.maySee(room)) {
        return BridgeErrors.frame(BridgeErrors.Protocol.REJECTED);
      }
      config.requireSubscriptions(heldRooms + 1);
      return null;
    } catch (RoomcastException e) {
      return BridgeErrors.frame(e);
    }
  }

  /** Snapshot and history requests: answered by the bus for the room named in the body. */
  static boolean isRequest(String address) {
    return Addresses.PRESENCE_SNAPSHOT.equals(address) || Addresses.HISTORY.equals(address);
  }

  /** Whether a request's body names a room the connection may see. */
  static boolean mayRequest(EdgeConnection c, Object body) {
    String room = body instanceof JsonObject b ? b.getString("room") : null;
    return room != null && c.maySee(room);
  }

  static RuntimeException requestRefused() {
    return ErrorCode.FORBIDDEN.exception("room is not in your token");
  }

  /**
   * A publish into {@code address} from a bridge socket: validated like REST and published with the
   * token's identity; built-in ephemeral types become the matching signals.
   */
  Future<?> publish(EdgeConnection c, String address, Object body) {
    try {
      String room = Addresses.roomOf(address);
      if (room == null) {
        throw ErrorCode.FORBIDDEN.exception("publish only to room addresses");
      }
      if (!(body instanceof JsonObject msg)) {
        throw ErrorCode.INVALID_JSON.exception("body must be a JSON object");
      }
      Identity who = c.identity();
      c.chargePublish();
      String type = msg.getValue("type") instanceof String t ? t : null;
      if (type != null && EventTypes.isEphemeral(type)) {
        return signal(c, room, type, msg);
      }
      EventDraft draft = EventDraft.parse(room, msg, who.user(), c.id(), edge.limits());
      if (!who.canPublish(room)) {
        throw ErrorCode.FORBIDDEN.exception("token may not publish into '" + room + "'");
      }
      return edge.requirePublishable(room)
          .recover(err -> Future.failedFuture(new RoomRefusal(room, err)))
          .compose(v -> client.publish(draft));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The {@code err} message of a failed publish or register, naming its room when it is one's. */
  static JsonObject errorFrame(Throwable failure) {
    return failure instanceof RoomRefusal r
        ? BridgeErrors.frame(r.reason(), r.room())
        : BridgeErrors.frame(RoomcastException.of(failure));
  }

  /** Typing, presence and receipts: allowed in rooms the token may follow. */
  private Future<Void> signal(EdgeConnection c, String room, String type, JsonObject msg) {
    String user = c.identity().user();
    if (!c.maySee(room)) {
      throw ErrorCode.FORBIDDEN.exception("room '" + room + "' is not in your token");
    }
    JsonObject data = msg.getValue("data") instanceof JsonObject d ? d : new JsonObject();
    return switch (type) {
      case EventTypes.TYPING_START -> client.publishTyping(room, user, c.id(), true);
      case EventTypes.TYPING_STOP -> client.publishTyping(room, user, c.id(), false);
      case EventTypes.PRESENCE_ONLINE -> client.publishPresence(room, user, c.id(), "online");
      case EventTypes.PRESENCE_AWAY -> client.publishPresence(room, user, c.id(), "away");
      case EventTypes.READ -> client.publishRead(room, user, c.id(), data.getString("event_id"));
      default -> throw ErrorCode.INVALID_TYPE.exception("'" + type + "' cannot be sent by clients");
    };
  }
}

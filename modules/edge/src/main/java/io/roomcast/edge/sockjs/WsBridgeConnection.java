package io.roomcast.edge.sockjs;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Identity;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.RoomRefusal;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.wire.BridgeEncoding;
import io.roomcast.edge.wire.EncodedEvent;
import io.roomcast.edge.ws.WsSocket;
import io.roomcast.edge.ws.WsSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One event-bus bridge socket on a WebSocket transport: {@code /eventbus/websocket} (a bridge
 * message per frame) or SockJS's {@code /eventbus/<server>/<session>/websocket} (SockJS framing:
 * {@code o}, {@code h}, {@code a[…]}, {@code c[…]}). It speaks the bridge protocol of the stock
 * Vert.x client ({@code register}, {@code unregister}, {@code publish}, {@code send} with replies,
 * {@code ping}) and is fed by the node hub like every other connection: one bus consumer per
 * address per node, each event's {@code rec} frame encoded once and shared, a bounded queue per
 * socket. The other SockJS transports stay with vertx-web's bridge; the rules are the same ({@link
 * BridgeRules}).
 */
final class WsBridgeConnection extends WsSocketConnection {
  private static final Buffer SOCKJS_OPEN = BridgeEncoding.sockJsControl("o");
  private static final Buffer SOCKJS_HEARTBEAT = BridgeEncoding.sockJsControl("h");

  private final boolean sockJs;
  private final BridgeRules rules;
  private final Edge edge;
  private final BridgeRequests requests;

  WsBridgeConnection(
      String id,
      Identity identity,
      String ip,
      Context context,
      Edge edge,
      BridgeRules rules,
      WsSocket socket,
      boolean sockJs) {
    super(id, identity, ip, context, edge, socket);
    this.sockJs = sockJs;
    this.requests = new BridgeRequests(context.owner().eventBus());
    this.rules = rules;
    this.edge = edge;
  }

  /**
   * Claims {@code cid} (null: none), closing the connection it replaces. SockJS opens with {@code
   * o} at once; the raw transport says nothing until there is something.
   */
  void start(String cid) {
    if (sockJs) {
      outbox.send(SOCKJS_OPEN);
    }
    claim(cid)
        .onFailure(err -> close(ErrorCode.UNAVAILABLE, "could not register the cid; reconnect"));
  }

  @Override
  public void deliver(String address, EncodedEvent frame) {
    if (!released()) {
      outbox.send(frame.bridge(address, sockJs), frame);
    }
  }

  /** A bridge message of this connection's own (error, reply), framed for the transport. */
  private void send(JsonObject message) {
    if (!released()) {
      String text = message.encode();
      outbox.send(sockJs ? BridgeEncoding.sockJsFrame(text) : BridgeEncoding.rawFrame(text));
    }
  }

  private void error(BridgeErrors.Protocol refusal) {
    send(BridgeErrors.frame(refusal));
  }

  private void error(RoomcastException e) {
    send(BridgeErrors.frame(e));
  }

  @Override
  public void text(String text) {
    heard();
    if (text.length() > config.maxFrameBytes()) {
      close(ErrorCode.PAYLOAD_TOO_LARGE, "frame over " + config.maxFrameBytes() + " bytes");
    } else if (!sockJs) {
      message(text);
    } else if (!text.isEmpty()) {
      // a SockJS frame from the client: a JSON array of messages, or a single one
      Object frame;
      try {
        frame = new JsonArray("[" + text + "]").getValue(0);
      } catch (RuntimeException e) {
        frame = null;
      }
      if (frame instanceof JsonArray messages) {
        for (Object m : messages) {
          if (m instanceof String s) {
            message(s);
          }
        }
      } else if (frame instanceof String single) {
        message(single);
      } else {
        close(ErrorCode.INVALID_JSON, "broken SockJS framing");
      }
    }
  }

  private void message(String text) {
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (RuntimeException e) {
      error(BridgeErrors.Protocol.INVALID_JSON);
      return;
    }
    String type = msg.getValue("type") instanceof String t ? t : null;
    String address = msg.getValue("address") instanceof String a ? a : null;
    if (type == null) {
      error(BridgeErrors.Protocol.MISSING_TYPE);
    } else if (type.equals("ping")) {
      // liveness only: the time it was heard is all that counts
    } else if (address == null) {
      error(BridgeErrors.Protocol.MISSING_ADDRESS);
    } else {
      switch (type) {
        case "register" -> register(address);
        case "unregister" -> unfollow(address);
        case "send", "publish" -> inbound(address, msg);
        default -> error(BridgeErrors.Protocol.INVALID_TYPE);
      }
    }
  }

  /** A registration the cluster could not confirm is dropped and reported; the client may retry. */
  private void register(String address) {
    if (follows(address)) {
      return;
    }
    JsonObject refusal = BridgeRules.registerRefusal(this, address, followedRooms(), config);
    if (refusal != null) {
      send(refusal);
      return;
    }
    String room = Addresses.roomOf(address);
    Future<Void> admitted =
        room == null
            ? Future.succeededFuture()
            : edge.admitSubscription(identity, room, id, cid(), transport());
    if (admitted.succeeded()) {
      registerAdmitted(address);
      return;
    }
    admitted.onComplete(
        ar -> {
          if (ar.failed()) {
            send(BridgeErrors.frame(RoomcastException.of(ar.cause()), room));
          } else if (!released() && !follows(address)) {
            // the cap again: other registers may have been admitted meanwhile
            JsonObject late = BridgeRules.registerRefusal(this, address, followedRooms(), config);
            if (late != null) {
              send(late);
            } else {
              registerAdmitted(address);
            }
          }
        });
  }

  private void registerAdmitted(String address) {
    follow(address)
        .onFailure(
            err -> {
              unfollow(address);
              error(BridgeErrors.Protocol.REGISTRATION_FAILURE);
            });
  }

  /**
   * Snapshot and history requests go to the bus and their answer comes back to the reply address;
   * room publishes are carried out here; anything else is refused.
   */
  private void inbound(String address, JsonObject msg) {
    Object body = msg.getValue("body");
    if (!BridgeRules.isRequest(address)) {
      rules.publish(this, address, body).onFailure(err -> send(BridgeRules.errorFrame(err)));
      return;
    }
    if (!BridgeRules.mayRequest(this, body)) {
      error(RoomcastException.of(BridgeRules.requestRefused()));
      return;
    }
    String replyAddress = msg.getValue("replyAddress") instanceof String r ? r : null;
    BridgeErrors.Protocol refused = requests.request(address, body, replyAddress, this::send);
    if (refused != null) {
      error(refused);
    }
  }

  /**
   * The backend subscribes the socket to exact {@code rooms}, whatever its token says; the client
   * hears of it on its inbox ({@link BridgeNotices}) and its events arrive as {@code rec} frames on
   * each {@code room.<id>}. A socket without room left under the cap gets an error and stays as it
   * was.
   */
  @Override
  protected Future<Boolean> join(List<String> rooms) {
    List<String> fresh = rooms.stream().filter(r -> !follows(Addresses.room(r))).toList();
    try {
      config.requireSubscriptions(followedRooms() + fresh.size());
    } catch (RoomcastException e) {
      send(BridgeErrors.frame(e).put("rooms", new JsonArray(rooms)));
      return Future.succeededFuture(false);
    }
    rooms.forEach(grants()::grant);
    return Future.all(fresh.stream().map(r -> follow(Addresses.room(r))).toList())
        .map(
            v -> {
              send(BridgeNotices.subscribed(identity.user(), rooms));
              return true;
            })
        .otherwise(
            err -> {
              error(BridgeErrors.Protocol.REGISTRATION_FAILURE);
              return false;
            });
  }

  /** The backend unsubscribes the socket from {@code rooms} and revokes them. */
  @Override
  protected boolean leave(List<String> rooms) {
    for (String room : rooms) {
      grants().revoke(room);
      unfollow(Addresses.room(room));
    }
    send(BridgeNotices.unsubscribed(identity.user(), rooms));
    return true;
  }

  /** A deleted room's registration is dropped and the client told with an {@code err} message. */
  @Override
  public void roomDeleted(String room) {
    String address = Addresses.room(room);
    if (follows(address)) {
      unfollow(address);
      send(BridgeErrors.frame(ErrorCode.ROOM_DELETED.exception(RoomRefusal.deleted(room)), room));
    }
  }

  /** The raw transport takes bridge messages in binary frames too, as vertx-web's did. */
  @Override
  public void binary(String content) {
    text(content);
  }

  @Override
  public String transport() {
    return EdgeMetrics.SOCKJS;
  }

  /** SockJS's heartbeat frame, or a WebSocket ping on the raw transport. */
  @Override
  protected void keepalive() {
    if (sockJs) {
      outbox.send(SOCKJS_HEARTBEAT);
    } else {
      super.keepalive();
    }
  }

  /** A final {@code err} message with the reason; on SockJS, its close frame {@code c[…]} too. */
  @Override
  protected void farewell(ErrorCode reason, String message, boolean reconnect) {
    String text =
        BridgeErrors.frame(reason.exception(message)).put("reconnect", reconnect).encode();
    wire.write(sockJs ? BridgeEncoding.sockJsFrame(text) : BridgeEncoding.rawFrame(text));
    if (sockJs) {
      JsonArray close = new JsonArray().add(reason.closeCode()).add(reason.code());
      wire.write(BridgeEncoding.sockJsControl("c" + close.encode()));
    }
  }
}

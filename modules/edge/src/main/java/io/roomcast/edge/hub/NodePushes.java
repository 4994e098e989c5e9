package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.PushResult;
import io.roomcast.edge.connection.EdgeConnection;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The node's answer to targeted pushes on {@code roomcast.node.<nodeId>}: one consumer per node
 * (not per connection), asked by the api for pushes to one connection or to a user's connections
 * here, replying with what happened.
 */
public final class NodePushes {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final NodeHub hub;

  private NodePushes(Vertx vertx, NodeHub hub) {
    this.vertx = vertx;
    this.hub = hub;
  }

  /** Registers the node's push consumer on the caller's context. */
  public static Future<Void> serve(Vertx vertx, NodeHub hub, String nodeId) {
    NodePushes pushes = new NodePushes(vertx, hub);
    return vertx
        .eventBus()
        .<JsonObject>consumer(Addresses.node(nodeId), pushes::onPush)
        .completion();
  }

  private void onPush(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    EncodedEvent frame = new EncodedEvent(body.getJsonObject("envelope", new JsonObject()));
    String connection = body.getString("connection");
    if (connection != null) {
      toConnection(connection, frame)
          .onComplete(r -> msg.reply(new JsonObject().put("result", r.result().wire())));
    } else {
      msg.reply(toUser(body.getString("user"), frame, body.getJsonObject("envelope")));
    }
  }

  private Future<PushResult> toConnection(String id, EncodedEvent frame) {
    Subscriber s = hub.connection(id);
    if (!(s instanceof EdgeConnection c)) {
      return Future.succeededFuture(PushResult.NOT_CONNECTED);
    }
    Promise<PushResult> result = Promise.promise();
    c.context().runOnContext(v -> result.complete(c.push(frame)));
    return result.future();
  }

  /**
   * Counts this node's connections of the user by their filters, then delivers through the user
   * address locally, which also reaches SockJS bridge registrations on it.
   */
  private JsonObject toUser(String user, EncodedEvent frame, JsonObject envelope) {
    String address = Addresses.user(user);
    List<Subscriber> subscribers = hub.subscribers(address);
    int delivered = 0;
    int filtered = 0;
    for (Subscriber s : subscribers) {
      if (!(s instanceof EdgeConnection c) || c.accepts(frame.type())) {
        delivered++;
      } else {
        filtered++;
      }
    }
    delivered += hub.bridgeRegistrations(address);
    vertx.eventBus().publish(address, envelope, LOCAL);
    return new JsonObject().put("delivered", delivered).put("filtered", filtered);
  }
}

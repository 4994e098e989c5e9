package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.PushResult;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The node's answer to targeted pushes on {@code roomcast.node.<nodeId>}: one consumer per node
 * (not per connection), asked by the api for pushes to one connection or to a user's connections
 * here, replying with what happened. JSON stays in {@link #onPush}, the bus side.
 */
public final class NodePushes {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  /** What a push to a user's connections on this node did. */
  record UserPush(int delivered, int filtered) {}

  private final EventBus bus;
  private final String nodeId;
  private final NodeHub hub;
  private final ConnectionRegistry connections;
  private Future<Void> serving;

  public NodePushes(EventBus bus, String nodeId, NodeHub hub, ConnectionRegistry connections) {
    this.bus = bus;
    this.nodeId = nodeId;
    this.hub = hub;
    this.connections = connections;
  }

  /**
   * Registers the node's push consumer on the caller's context, once per node whatever the number
   * of edge instances that ask.
   */
  public synchronized Future<Void> serve() {
    if (serving == null) {
      serving = bus.<JsonObject>consumer(Addresses.node(nodeId), this::onPush).completion();
    }
    return serving;
  }

  private void onPush(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    JsonObject envelope = body.getJsonObject("envelope", new JsonObject());
    EncodedEvent event = new EncodedEvent(envelope);
    String connection = body.getString("connection");
    if (body.getBoolean("broadcast", false)) {
      NodeBroadcast.toEveryone(connections.all(), event)
          .onSuccess(
              done ->
                  msg.reply(
                      new JsonObject()
                          .put("delivered", done.delivered())
                          .put("filtered", done.filtered())));
    } else if (connection != null) {
      toConnection(connection, event)
          .onComplete(r -> msg.reply(new JsonObject().put("result", r.result().wire())));
    } else {
      UserPush done = toUser(body.getString("user"), event);
      msg.reply(
          new JsonObject().put("delivered", done.delivered()).put("filtered", done.filtered()));
    }
  }

  private Future<PushResult> toConnection(String id, EncodedEvent event) {
    LocalConnection c = connections.connection(id);
    if (c == null) {
      return Future.succeededFuture(PushResult.NOT_CONNECTED);
    }
    Promise<PushResult> result = Promise.promise();
    c.context().runOnContext(v -> result.complete(c.push(event)));
    return result.future();
  }

  /**
   * Counts this node's connections of the user by their filters, then delivers through the user
   * address locally, which also reaches SockJS bridge registrations on it.
   */
  private UserPush toUser(String user, EncodedEvent event) {
    String address = Addresses.user(user);
    int delivered = 0;
    int filtered = 0;
    for (Subscriber s : hub.subscribers(address)) {
      if (!(s instanceof LocalConnection c) || c.accepts(event.type())) {
        delivered++;
      } else {
        filtered++;
      }
    }
    delivered += connections.bridgeRegistrations(address);
    bus.publish(address, event.envelope(), LOCAL);
    return new UserPush(delivered, filtered);
  }
}

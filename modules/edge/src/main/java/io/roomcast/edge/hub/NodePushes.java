package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.ConnectionIds;
import io.roomcast.core.ErrorCode;
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
 * here, replying with what happened; also asked to close a connection that a newer one with the
 * same client-chosen id replaces. JSON stays in {@link #onPush} and {@link #replace}, the bus side.
 */
public final class NodePushes {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final DeliveryOptions REPLACE_TIMEOUT = new DeliveryOptions().setSendTimeout(5000);

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

  /**
   * Asks the node holding {@code connection} to close it with {@code replaced}; completes once it
   * is closed, or when it could not be reached (a node that died takes its connections with it).
   */
  public Future<Void> replace(String connection) {
    String node = ConnectionIds.nodeOf(connection);
    if (node == null) {
      return Future.succeededFuture();
    }
    return bus.request(
            Addresses.node(node), new JsonObject().put("replace", connection), REPLACE_TIMEOUT)
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void onPush(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    String replaced = body.getString("replace");
    if (replaced != null) {
      closeReplaced(replaced).onComplete(v -> msg.reply(new JsonObject()));
      return;
    }
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

  private Future<Void> closeReplaced(String id) {
    LocalConnection c = connections.connection(id);
    if (c == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    c.context()
        .runOnContext(
            v -> {
              c.close(ErrorCode.REPLACED, "a newer connection with the same cid took its place");
              closed.complete();
            });
    return closed.future();
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

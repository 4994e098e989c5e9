package io.roomcast.edge.sockjs;

import io.roomcast.edge.connection.Edge;
import io.vertx.core.AsyncResult;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One bridge socket's requests to the bus (snapshots, history): sent on, their answer (or failure)
 * sent back to the client's reply address, with a bound on how many wait at once. Used on the
 * socket's context only.
 */
final class BridgeRequests {
  /** vertx-eventbus.js reply addresses are UUIDs. */
  private static final int MAX_REPLY_ADDRESS = 36;

  private static final int MAX_PENDING_REQUESTS = 100;
  private static final DeliveryOptions OPTIONS =
      new DeliveryOptions().setSendTimeout(TimeUnit.SECONDS.toMillis(Edge.SETUP_TIMEOUT_SECONDS));

  private final EventBus bus;
  private int pending;

  BridgeRequests(EventBus bus) {
    this.bus = bus;
  }

  /**
   * Sends {@code body} to {@code address}; with a reply address, its answer goes to {@code reply}
   * as a {@code rec} (or {@code err}) message. Returns the refusal, or null when it was sent.
   */
  BridgeErrors.Protocol request(
      String address, Object body, String replyAddress, Consumer<JsonObject> reply) {
    if (replyAddress == null) {
      bus.send(address, body);
    } else if (replyAddress.length() > MAX_REPLY_ADDRESS) {
      return BridgeErrors.Protocol.INVALID_REPLY_ADDRESS;
    } else if (pending >= MAX_PENDING_REQUESTS) {
      return BridgeErrors.Protocol.MAX_HANDLERS_REACHED;
    } else {
      pending++;
      bus.request(address, body, OPTIONS)
          .onComplete(
              ar -> {
                pending--;
                reply.accept(
                    ar.succeeded() ? answer(replyAddress, ar.result()) : failed(replyAddress, ar));
              });
    }
    return null;
  }

  private static JsonObject answer(String replyAddress, Message<Object> answer) {
    return new JsonObject()
        .put("type", "rec")
        .put("address", replyAddress)
        .put("body", answer.body());
  }

  private static JsonObject failed(String replyAddress, AsyncResult<?> ar) {
    JsonObject err =
        new JsonObject()
            .put("type", "err")
            .put("address", replyAddress)
            .put("message", ar.cause().getMessage());
    if (ar.cause() instanceof ReplyException re) {
      err.put("failureCode", re.failureCode()).put("failureType", re.failureType().name());
    }
    return err;
  }
}

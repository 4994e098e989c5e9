package io.roomcast.core.client;

import io.roomcast.core.Addresses;
import io.roomcast.core.ConnectionIds;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventIds;
import io.roomcast.core.event.PushResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Targeted pushes. A user push asks every node (one request per node, answered by its edge) to
 * deliver to that user's connections there and sums the counts; a connection push goes to the one
 * node its id names. Neither needs a cluster registration per user or per connection.
 */
public final class Pushes {
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5000);

  private final Vertx vertx;

  public Pushes(Vertx vertx) {
    this.vertx = vertx;
  }

  public static Envelope envelope(String type, JsonObject data) {
    return envelope(type, data, null);
  }

  /** A push that may carry a pre-rendered HTML fragment ({@code html} null when none). */
  public static Envelope envelope(String type, JsonObject data, String html) {
    return new Envelope(
        EventIds.next(), null, type, null, null, data, Instant.now(), null, null, html);
  }

  /** A user push: how many of the user's connections got it and how many filtered it out. */
  public record ToUser(String id, int delivered, int filtered) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("delivered", delivered).put("filtered", filtered);
    }
  }

  /** A connection push: what happened to it. */
  public record ToConnection(String id, PushResult result) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("result", result.wire());
    }
  }

  /** Summed over the nodes; a node that does not answer counts nothing. */
  public Future<ToUser> toUser(String user, Envelope e) {
    try {
      Ids.requireUser(user);
    } catch (RuntimeException err) {
      return Future.failedFuture(err);
    }
    return askEveryNode(new JsonObject().put("user", user).put("envelope", e.toJson()), e);
  }

  /**
   * A broadcast: every live connection of the cluster, through its inbox after its type filter; the
   * counts are summed over the nodes (the shape of a user push's answer).
   */
  public Future<ToUser> toEveryone(Envelope e) {
    return askEveryNode(new JsonObject().put("broadcast", true).put("envelope", e.toJson()), e);
  }

  private Future<ToUser> askEveryNode(JsonObject body, Envelope e) {
    List<Future<JsonObject>> answers =
        Clusters.manager(vertx).getNodes().stream()
            .map(
                node ->
                    vertx
                        .eventBus()
                        .<JsonObject>request(Addresses.node(node), body, TIMEOUT)
                        .map(Message::body)
                        .otherwise(err -> new JsonObject()))
            .toList();
    return Future.join(answers)
        .map(
            all -> {
              int delivered = 0;
              int filtered = 0;
              for (Future<JsonObject> f : answers) {
                delivered += f.result().getInteger("delivered", 0);
                filtered += f.result().getInteger("filtered", 0);
              }
              return new ToUser(e.id(), delivered, filtered);
            });
  }

  /** Delivered, filtered, not connected or failed to send. */
  public Future<ToConnection> toConnection(String connection, Envelope e) {
    if (!Ids.isUser(connection)) {
      return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception("invalid connection id"));
    }
    String node = ConnectionIds.nodeOf(connection);
    if (node == null) {
      return Future.succeededFuture(new ToConnection(e.id(), PushResult.NOT_CONNECTED));
    }
    JsonObject body = new JsonObject().put("connection", connection).put("envelope", e.toJson());
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.node(node), body, TIMEOUT)
        .map(reply -> new ToConnection(e.id(), result(reply.body().getString("result"))))
        .otherwise(
            err ->
                new ToConnection(
                    e.id(),
                    err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
                        ? PushResult.NOT_CONNECTED
                        : PushResult.SEND_FAILED));
  }

  private static PushResult result(String wire) {
    for (PushResult r : PushResult.values()) {
      if (r.wire().equals(wire)) {
        return r;
      }
    }
    return PushResult.SEND_FAILED;
  }
}

package io.roomcast.relay;

import io.roomcast.core.Addresses;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.event.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.function.Supplier;

/**
 * Mirrors every room event that originates in this cluster to {@code roomcast:room:<id>}, as the
 * envelope plus {@code "origin": <this cluster>}, and {@code "store": false} for an unstored event.
 * One consumer on the catch-all namespace sees every room event once; events that entered from
 * outside carry {@link RoomcastClient#ORIGIN_HEADER} and are skipped, so nothing is echoed back.
 * Publishes go out in arrival order on the one command connection; while Redis is down they are
 * dropped and counted.
 */
final class OutboundMirror {
  private final Vertx vertx;
  private final NamespaceDirectory directory;
  private final String origin;
  private final Supplier<RedisLink.Session> session;
  private final RelayMetrics metrics;
  private MessageConsumer<JsonObject> consumer;

  OutboundMirror(
      Vertx vertx,
      NamespaceDirectory directory,
      String origin,
      Supplier<RedisLink.Session> session,
      RelayMetrics metrics) {
    this.vertx = vertx;
    this.directory = directory;
    this.origin = origin;
    this.session = session;
    this.metrics = metrics;
  }

  /** Completes once the consumer is registered cluster-wide. */
  Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.namespace(""), this::mirror);
    return consumer.completion().compose(v -> directory.follow(""));
  }

  Future<Void> stop() {
    if (consumer == null) {
      return Future.succeededFuture();
    }
    directory.unfollow("");
    return consumer.unregister();
  }

  /** An application event published with {@code store: false}: no seq, and not a signal. */
  private static boolean unstored(JsonObject envelope) {
    String type = envelope.getString("type");
    return envelope.getValue("seq") == null && type != null && !EventTypes.isEphemeral(type);
  }

  private void mirror(Message<JsonObject> msg) {
    if (msg.headers().contains(RoomcastClient.ORIGIN_HEADER)) {
      return;
    }
    JsonObject envelope = msg.body();
    String room = envelope.getString("room");
    RedisLink.Session s = session.get();
    if (room == null || s == null) {
      metrics.dropped.incrementAndGet();
      return;
    }
    JsonObject out = envelope.copy().put("origin", origin);
    if (unstored(envelope)) {
      out.put("store", false); // so a cluster relaying it in does not store it either
    }
    String payload = out.encode();
    s.commands
        .send(Request.cmd(Command.PUBLISH).arg(Channels.room(room)).arg(payload))
        .onSuccess(r -> metrics.outbound.incrementAndGet())
        .onFailure(err -> metrics.dropped.incrementAndGet());
  }
}

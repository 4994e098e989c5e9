package io.roomcast.relay;

import io.roomcast.core.RoomcastException;
import io.roomcast.core.client.RoomcastClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Response;

/**
 * Publishes Redis messages into the cluster through {@link RoomcastClient}, the way every other
 * door does: ids, timestamps and seqs come from there. Invalid messages are counted and logged (at
 * most one line per 10 s), never thrown.
 */
final class InboundRelay {
  private final RoomcastClient client;
  private final InboundParser parser;
  private final RelayMetrics metrics;
  private final ThrottledLog refusals = new ThrottledLog(InboundRelay.class, 10_000);
  private final ThrottledLog failures = new ThrottledLog(InboundRelay.class, 10_000);

  InboundRelay(RoomcastClient client, InboundParser parser, RelayMetrics metrics) {
    this.client = client;
    this.parser = parser;
    this.metrics = metrics;
  }

  /** A message on the subscriber connection: {@code [pmessage, pattern, channel, payload]}. */
  void onPush(Response push) {
    if (push.size() == 4) {
      deliver(push.get(2).toString(), push.get(3).toBuffer());
    }
  }

  /**
   * Completes once the event is on the bus, or at once for a message that was refused or was this
   * cluster's own echo; fails only if publishing failed (so a stream entry stays pending).
   */
  Future<Void> deliver(String channel, Buffer payload) {
    Inbound in;
    try {
      in = parser.parse(channel, payload);
    } catch (RuntimeException e) {
      metrics.invalid.incrementAndGet();
      refusals.warn("refused Redis message on " + channel + ": " + reason(e));
      return Future.succeededFuture();
    }
    if (in instanceof Inbound.Echo) {
      metrics.echoes.incrementAndGet();
      return Future.succeededFuture();
    }
    Future<?> published =
        in instanceof Inbound.ToRoom room
            ? client.publish(room.draft(), room.origin())
            : publish((Inbound.ToUser) in);
    return published
        .onSuccess(e -> metrics.inbound.incrementAndGet())
        .onFailure(err -> failures.warn("could not publish from " + channel + ": " + err))
        .mapEmpty();
  }

  private Future<?> publish(Inbound.ToUser push) {
    return client.pushToUser(push.user(), push.type(), push.data());
  }

  private static String reason(RuntimeException e) {
    return e instanceof RoomcastException re
        ? re.code().code() + " (" + re.getMessage() + ")"
        : e.toString();
  }
}

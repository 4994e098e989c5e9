package io.roomcast.relay;

import io.roomcast.core.RoomcastException;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.event.Envelope;
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
   * cluster's own echo; fails only if publishing failed.
   */
  Future<Void> deliver(String channel, Buffer payload) {
    Inbound in = accept(channel, payload);
    return in == null ? Future.succeededFuture() : publish(channel, in);
  }

  /** The message as something to publish, or null when it was refused or is an echo (counted). */
  Inbound accept(String channel, Buffer payload) {
    Inbound in;
    try {
      in = parser.parse(channel, payload);
    } catch (RuntimeException e) {
      metrics.invalid.incrementAndGet();
      refusals.warn("refused Redis message on " + channel + ": " + reason(e));
      return null;
    }
    if (in instanceof Inbound.Echo) {
      metrics.echoes.incrementAndGet();
      return null;
    }
    return in;
  }

  /** Stamps and publishes an accepted room event or user push in one go. */
  Future<Void> publish(String channel, Inbound in) {
    Future<?> published =
        in instanceof Inbound.ToRoom room
            ? client.publish(room.draft(), room.origin())
            : publish((Inbound.ToUser) in);
    return counted(channel, published);
  }

  /** {@link RoomcastClient#stamp}: gives an accepted room event its place without publishing. */
  Future<Envelope> stamp(Envelope event) {
    return client
        .stamp(event)
        .onFailure(err -> failures.warn("could not stamp for room " + event.room() + ": " + err));
  }

  /** {@link RoomcastClient#publishStamped}: publishes a stamped room event as it is. */
  void publishStamped(Envelope stamped, String origin) {
    client.publishStamped(stamped, origin);
    metrics.inbound.incrementAndGet();
  }

  private Future<Void> counted(String channel, Future<?> published) {
    return published
        .onSuccess(e -> metrics.inbound.incrementAndGet())
        .onFailure(err -> failures.warn("could not publish from " + channel + ": " + err))
        .mapEmpty();
  }

  private Future<?> publish(Inbound.ToUser push) {
    return client.pushToUser(push.user(), push.type(), push.data(), push.html());
  }

  private static String reason(RuntimeException e) {
    return e instanceof RoomcastException re
        ? re.code().code() + " (" + re.getMessage() + ")"
        : e.toString();
  }
}

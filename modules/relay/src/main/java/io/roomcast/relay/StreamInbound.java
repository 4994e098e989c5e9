package io.roomcast.relay;

import io.roomcast.core.history.HistoryStore;
import io.roomcast.relay.StreamEntries.Entry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Streams mode: the durable inbound stream {@code roomcast:stream:in}, read through the consumer
 * group named after this cluster's origin. Entries carry {@code room} (or {@code user}) and {@code
 * event} (the same JSON as a channel message), are published like channel messages, and are
 * acknowledged only after that.
 *
 * <p>Whenever a session starts, the relay first claims every pending entry of the group ({@code
 * XAUTOCLAIM}, min idle 0: only the active relay reads, so whatever is pending was left by a relay
 * that died or lost Redis). {@link StreamPublisher} makes that safe: what an entry became is
 * recorded cluster-wide before it is published, so a claimed entry is published as the same event
 * (same id and seq) or not at all, never stamped twice.
 */
final class StreamInbound {
  private static final Logger LOG = Logger.getLogger(StreamInbound.class.getName());

  private static final int BATCH = 100;
  private static final long BLOCK_MS = 1_000;
  private static final long RETRY_MS = 1_000;

  private final Vertx vertx;
  private final String group;
  private final String consumer;
  private final StreamPublisher publisher;
  private final Supplier<RedisLink.Session> current;
  private int claimed;

  StreamInbound(
      Vertx vertx,
      String group,
      String consumer,
      InboundRelay inbound,
      HistoryStore history,
      Supplier<RedisLink.Session> current) {
    this.vertx = vertx;
    this.group = group;
    this.consumer = consumer;
    this.publisher = new StreamPublisher(inbound, history);
    this.current = current;
  }

  /** Reads until {@code s} is no longer the live session. */
  void run(RedisLink.Session s) {
    if (current.get() != s) {
      return;
    }
    claimed = 0;
    publisher.resetCounts();
    createGroup(s)
        .compose(v -> claim(s, "0-0"))
        .onSuccess(v -> logClaims())
        .onSuccess(v -> read(s))
        .onFailure(err -> retry(s, err));
  }

  /** New groups start at the end of the stream; create one earlier to keep older entries. */
  private Future<Void> createGroup(RedisLink.Session s) {
    Request create =
        Request.cmd(Command.XGROUP)
            .arg("CREATE")
            .arg(Channels.STREAM_IN)
            .arg(group)
            .arg("$")
            .arg("MKSTREAM");
    return s.commands
        .send(create)
        .<Void>mapEmpty()
        .recover(
            err ->
                String.valueOf(err.getMessage()).startsWith("BUSYGROUP")
                    ? Future.succeededFuture()
                    : Future.failedFuture(err));
  }

  private Future<Void> claim(RedisLink.Session s, String cursor) {
    Request autoclaim =
        Request.cmd(Command.XAUTOCLAIM)
            .arg(Channels.STREAM_IN)
            .arg(group)
            .arg(consumer)
            .arg(0)
            .arg(cursor)
            .arg("COUNT")
            .arg(BATCH);
    return s.commands
        .send(autoclaim)
        .compose(
            reply ->
                process(s, StreamEntries.ofClaim(reply), true)
                    .compose(v -> more(s, StreamEntries.cursorOfClaim(reply))));
  }

  private void logClaims() {
    if (claimed > 0) {
      LOG.info("took over " + claimed + " pending stream entries: " + publisher.claims());
    }
  }

  private Future<Void> more(RedisLink.Session s, String cursor) {
    return "0-0".equals(cursor) ? Future.succeededFuture() : claim(s, cursor);
  }

  private void read(RedisLink.Session s) {
    if (current.get() != s) {
      return;
    }
    Request read =
        Request.cmd(Command.XREADGROUP)
            .arg("GROUP")
            .arg(group)
            .arg(consumer)
            .arg("COUNT")
            .arg(BATCH)
            .arg("BLOCK")
            .arg(BLOCK_MS)
            .arg("STREAMS")
            .arg(Channels.STREAM_IN)
            .arg(">");
    s.reader
        .send(read)
        .compose(reply -> process(s, StreamEntries.ofRead(reply, Channels.STREAM_IN), false))
        .onSuccess(v -> read(s))
        .onFailure(err -> retry(s, err));
  }

  private void retry(RedisLink.Session s, Throwable err) {
    if (current.get() == s) {
      LOG.warning("stream inbound paused: " + RedisLink.describe(err));
      vertx.setTimer(RETRY_MS, id -> run(s));
    }
  }

  /** Publishes the entries one after the other, then acknowledges them all. */
  private Future<Void> process(RedisLink.Session s, List<Entry> entries, boolean claimed) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    if (claimed) {
      this.claimed += entries.size();
    }
    return StreamStamps.open(vertx)
        .compose(
            stamps -> publishAll(stamps, entries, claimed).compose(ids -> ack(s, stamps, ids)));
  }

  private Future<List<String>> publishAll(
      StreamStamps stamps, List<Entry> entries, boolean claimed) {
    List<String> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Entry e : entries) {
      chain =
          chain.compose(v -> publisher.publish(stamps, e, claimed)).onSuccess(v -> ids.add(e.id()));
    }
    return chain.compose(v -> stamps.written()).map(ids);
  }

  private Future<Void> ack(RedisLink.Session s, StreamStamps stamps, List<String> ids) {
    Request xack = Request.cmd(Command.XACK).arg(Channels.STREAM_IN).arg(group);
    ids.forEach(xack::arg);
    return s.commands.send(xack).onSuccess(r -> ids.forEach(stamps::remove)).mapEmpty();
  }
}

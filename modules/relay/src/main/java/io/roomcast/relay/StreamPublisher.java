package io.roomcast.relay;

import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventTypes;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.relay.StreamEntries.Entry;
import io.roomcast.relay.StreamStamps.Stamp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * Publishes one stream entry so that no crash of the relay makes it two events. A room event is
 * recorded in {@link StreamStamps} with its id fixed before it is stamped, recorded again once
 * stamped, published, and recorded as done (not waited for):
 *
 * <ul>
 *   <li>a claimed entry recorded as done is only acknowledged;
 *   <li>one recorded as stamped is published again as that same envelope (same id and seq: nodes
 *       drop the repeat if the first publish got out);
 *   <li>one recorded as pending may have reached history before its relay died: it is looked up
 *       there by id and, if found, published as history has it, never appended twice;
 *   <li>one without a record was never stamped and starts afresh.
 * </ul>
 *
 * User pushes carry no seq to deduplicate by: they are recorded after they are sent, so one is
 * repeated only if its relay died in between.
 */
final class StreamPublisher {
  /** How many history events one read looks through for a pending entry. */
  private static final int SCAN = 1000;

  private final InboundRelay inbound;
  private final HistoryStore store;
  private int republished;
  private int done;
  private int found;

  StreamPublisher(InboundRelay inbound, HistoryStore store) {
    this.inbound = inbound;
    this.store = store;
  }

  /** Starts counting claimed entries by what their records said, for {@link #claims()}. */
  void resetCounts() {
    republished = 0;
    done = 0;
    found = 0;
  }

  String claims() {
    return republished
        + " republished as stamped before, "
        + found
        + " found in history, "
        + done
        + " done before and only acknowledged";
  }

  /** {@code claimed}: the entry was left pending by a relay that may have handled it. */
  Future<Void> publish(StreamStamps stamps, Entry e, boolean claimed) {
    if (e.fields() == null) {
      return Future.succeededFuture(); // deleted while pending: nothing to publish
    }
    return claimed
        ? stamps.get(e.id()).compose(s -> s == null ? first(stamps, e) : resume(stamps, e.id(), s))
        : first(stamps, e);
  }

  private Future<Void> first(StreamStamps stamps, Entry e) {
    Map<String, String> f = e.fields();
    String channel =
        f.containsKey("room")
            ? Channels.room(f.get("room"))
            : f.containsKey("user") ? Channels.user(f.get("user")) : "(no room or user)";
    String event = f.get("event");
    Inbound in = inbound.accept(channel, event == null ? Buffer.buffer() : Buffer.buffer(event));
    if (!(in instanceof Inbound.ToRoom room) || !room.draft().store()) {
      Future<Void> sent = in == null ? Future.succeededFuture() : inbound.publish(channel, in);
      return sent.onSuccess(v -> stamps.done(e.id()));
    }
    Stamp pending = Stamp.pending(room.draft().toEnvelope(), room.origin());
    return stamps
        .putIfAbsent(e.id(), pending)
        .compose(
            earlier ->
                earlier == null ? stamp(stamps, e.id(), pending) : resume(stamps, e.id(), earlier));
  }

  private Future<Void> resume(StreamStamps stamps, String entryId, Stamp s) {
    return switch (s.state()) {
      case DONE -> {
        done++;
        yield Future.succeededFuture();
      }
      case STAMPED -> {
        republished++;
        inbound.publishStamped(s.envelope(), s.origin());
        stamps.done(entryId);
        yield Future.succeededFuture();
      }
      case PENDING ->
          stored(s.envelope())
              .compose(
                  inHistory -> {
                    if (inHistory == null) {
                      return stamp(stamps, entryId, s);
                    }
                    found++;
                    return recordThenPublish(stamps, entryId, s.stamped(inHistory));
                  });
    };
  }

  private Future<Void> stamp(StreamStamps stamps, String entryId, Stamp pending) {
    return inbound
        .stamp(pending.envelope())
        .compose(e -> recordThenPublish(stamps, entryId, pending.stamped(e)));
  }

  private Future<Void> recordThenPublish(StreamStamps stamps, String entryId, Stamp stamped) {
    return stamps
        .put(entryId, stamped)
        .onSuccess(v -> inbound.publishStamped(stamped.envelope(), stamped.origin()))
        .onSuccess(v -> stamps.done(entryId));
  }

  /** The event as history holds it if a relay appended it before dying, else null. */
  private Future<Envelope> stored(Envelope pending) {
    if (!EventTypes.isDurable(pending.type())) {
      return Future.succeededFuture();
    }
    return store.position(pending.room()).compose(at -> scan(store, pending, at.seq()));
  }

  /** Looks through seqs up to {@code upTo}, newest pages first, down to the oldest retained. */
  private Future<Envelope> scan(HistoryStore store, Envelope pending, long upTo) {
    if (upTo <= 0) {
      return Future.succeededFuture();
    }
    long from = Math.max(0, upTo - SCAN);
    return store
        .read(pending.room(), from, (int) (upTo - from))
        .compose(
            page -> {
              for (Envelope e : page.events()) {
                if (e.id().equals(pending.id())) {
                  return Future.succeededFuture(e);
                }
              }
              return page.oldest() > from + 1
                  ? Future.succeededFuture()
                  : scan(store, pending, from);
            });
  }
}

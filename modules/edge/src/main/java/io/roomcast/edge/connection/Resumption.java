package io.roomcast.edge.connection;

import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.Continuity;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a new subscription to a room starts and what it missed (README "History and resume").
 * Without a position it starts at the room's current one; with one it gets every event after it
 * from history, or a {@code reset} with the current position when that is impossible (expired,
 * another epoch, in the future).
 *
 * @param at where the connection continues: live events at or below it are not sent
 * @param frames what to send before live events: a reset, or the missed events in order
 */
public record Resumption(String room, StreamPosition at, List<EncodedEvent> frames) {
  private static final int PAGE = 1000;

  /**
   * @param since the last seq the client holds, null for "from now"
   * @param epoch the epoch of {@code since}, null when the client does not say
   */
  public static Future<Resumption> of(HistoryStore store, String room, Long since, String epoch) {
    if (since == null) {
      return store.position(room).map(at -> new Resumption(room, at, List.of()));
    }
    return store
        .read(room, since, PAGE)
        .compose(
            page -> {
              Continuity continuity = page.continuity(epoch, since);
              if (continuity != Continuity.EXACT) {
                EncodedEvent reset =
                    EncodedEvent.reset(room, page.epoch(), page.last(), continuity.reason());
                return Future.succeededFuture(
                    new Resumption(room, page.position(), List.of(reset)));
              }
              return rest(store, page, new ArrayList<>(), since);
            });
  }

  /**
   * Starts at the room's last {@code count} stored events (fewer when history holds fewer): they
   * are sent first, then live events continue after them with no gap.
   */
  public static Future<Resumption> recent(HistoryStore store, String room, int count) {
    return store
        .position(room)
        .compose(
            head -> {
              long from = Math.max(0, head.seq() - count);
              return store
                  .read(room, from, PAGE)
                  .compose(
                      page ->
                          page.events().isEmpty()
                              ? Future.succeededFuture(
                                  new Resumption(room, page.position(), List.of()))
                              : rest(store, page, new ArrayList<>(), from));
            });
  }

  /** Collects pages until the room's last seq at the time of the first read. */
  private static Future<Resumption> rest(
      HistoryStore store, HistoryPage page, List<EncodedEvent> frames, long since) {
    long last = since;
    for (Envelope e : page.events()) {
      frames.add(new EncodedEvent(e.toJson()));
      last = e.seq();
    }
    if (page.more()) {
      long from = last;
      return store.read(page.room(), from, PAGE).compose(p -> rest(store, p, frames, from));
    }
    return Future.succeededFuture(
        new Resumption(page.room(), new StreamPosition(page.epoch(), last), frames));
  }
}

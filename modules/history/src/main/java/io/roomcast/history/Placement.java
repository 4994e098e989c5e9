package io.roomcast.history;

import io.roomcast.core.config.HistoryConfig;
import io.roomcast.history.HeldLog.State;
import io.roomcast.history.RoomLog.Item;
import io.roomcast.history.RoomLog.Slice;
import io.roomcast.history.RoomLog.Stamps;
import io.roomcast.history.RoomLog.Stored;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The room logs this member holds, and what it does with them: as owner, places events (answering
 * once the backup has them), reads and deletes; as anyone, hands its copy over and keeps the copies
 * owners send. Placing runs on the caller's thread under the room's lock; the only waits are the
 * backup's answer and, on a room's first use after ownership moved, the take-over.
 */
final class Placement {
  private static final long DEADLINE_NS = Routes.DEADLINE_MS * 1_000_000;
  private static final JsonObject NONE = new JsonObject();

  private final Vertx vertx;
  private final Members members;
  private final PeerLink link;
  private final int maxEvents;
  private final long maxAgeMs;
  private final Map<String, HeldLog> held = new ConcurrentHashMap<>();

  Placement(Vertx vertx, Members members, PeerLink link, HistoryConfig config) {
    this.vertx = vertx;
    this.members = members;
    this.link = link;
    this.maxEvents = config.maxEvents();
    this.maxAgeMs = config.maxAgeSeconds() * 1000L;
  }

  /** Places the room's events in order, answering once they are stored here and on the backup. */
  Future<Stamps> here(String room, List<Item> items) {
    return whenCurrent(
        room,
        h -> {
          List<Stored> placed = h.place(items, System.currentTimeMillis(), maxEvents, maxAgeMs);
          long[] seqs = new long[placed.size()];
          for (int i = 0; i < seqs.length; i++) {
            seqs[i] = placed.get(i).seq();
          }
          Stamps stamps = new Stamps(h.log().epoch(), seqs);
          return copied(room, h, placed).map(stamps);
        });
  }

  Future<Slice> read(String room, long since, int limit) {
    return whenCurrent(
        room,
        h ->
            Future.succeededFuture(
                h.log() == null
                    ? RoomLog.empty()
                    : h.log().read(since, limit, System.currentTimeMillis(), maxAgeMs)));
  }

  /** Forgets the room here, then on every other member (so no copy comes back in a take-over). */
  Future<Void> delete(String room) {
    return whenCurrent(
            room,
            h -> {
              h.clear();
              return Future.<Void>succeededFuture();
            })
        .compose(
            v -> {
              List<Future<JsonObject>> drops = new ArrayList<>();
              for (String member : members.others()) {
                drops.add(link.ask(member, PeerService.drop(room)));
              }
              return Future.join(drops).otherwiseEmpty().mapEmpty();
            });
  }

  /** Another member takes over the room: this member's copy, and this log no longer current. */
  JsonObject handOver(String room) {
    HeldLog h = held.get(room);
    if (h == null) {
      return NONE;
    }
    synchronized (h) {
      if (h.state() == State.TAKING_OVER) {
        return LogWire.flag(LogWire.BUSY);
      }
      Slice copy = h.handOver();
      return copy == null ? NONE : LogWire.slice(copy);
    }
  }

  /** An owner's copy for this member to keep: its whole log, or its latest events. */
  JsonObject keep(JsonObject part) {
    HeldLog h = held.computeIfAbsent(part.getString(LogWire.ROOM), r -> new HeldLog());
    Slice whole = LogWire.wholeOf(part);
    String epoch = LogWire.epochOf(part);
    List<Stored> latest = LogWire.latestOf(part);
    boolean kept;
    synchronized (h) {
      kept = h.keep(whole, epoch, latest, maxEvents, maxAgeMs);
    }
    return kept ? NONE : LogWire.flag(LogWire.FULL);
  }

  /** The room was deleted through its owner: this member's copy goes too. */
  void drop(String room) {
    HeldLog h = held.get(room);
    if (h != null) {
      synchronized (h) {
        h.clear();
      }
    }
  }

  /**
   * Runs {@code task} under the room's lock once this member's log is current: at once (on the
   * caller's thread) when it is, else after taking it over, answering on the caller's context.
   */
  private <T> Future<T> whenCurrent(String room, Function<HeldLog, Future<T>> task) {
    HeldLog h = held.computeIfAbsent(room, r -> new HeldLog());
    Promise<T> later;
    boolean takeOver;
    synchronized (h) {
      if (h.state() == State.CURRENT) {
        return task.apply(h);
      }
      later = Promise.promise();
      Context context = vertx.getOrCreateContext();
      takeOver =
          h.queue(
              new HeldLog.Waiter() {
                @Override
                public void run(HeldLog log) {
                  task.apply(log).onComplete(ar -> answer(context, later, ar));
                }

                @Override
                public void fail(Throwable err) {
                  answer(context, later, Future.failedFuture(err));
                }
              });
    }
    if (takeOver) {
      takeOver(room, h, System.nanoTime() + DEADLINE_NS);
    }
    return later.future();
  }

  private static <T> void answer(Context context, Promise<T> promise, AsyncResult<T> result) {
    context.runOnContext(v -> promise.handle(result));
  }

  /**
   * Asks every other member for its copy (a member not listening yet holds none) and keeps the
   * longest; any "busy" (another member taking over at the same time) or unanswered ask starts it
   * again after a random pause, until the deadline.
   */
  private void takeOver(String room, HeldLog h, long deadline) {
    List<Future<JsonObject>> asks = new ArrayList<>();
    for (String member : members.others()) {
      asks.add(
          link.ask(member, PeerService.handOver(room))
              .recover(
                  err ->
                      notListening(err) ? Future.succeededFuture(NONE) : Future.failedFuture(err)));
    }
    Future.all(asks)
        .onComplete(
            ar -> {
              Slice longest = null;
              boolean again = ar.failed();
              for (int i = 0; !again && i < asks.size(); i++) {
                JsonObject answer = asks.get(i).result();
                if (LogWire.is(answer, LogWire.BUSY)) {
                  again = true;
                } else {
                  Slice copy = LogWire.copyOf(answer);
                  if (copy != null && (longest == null || copy.last() > longest.last())) {
                    longest = copy;
                  }
                }
              }
              if (!again) {
                synchronized (h) {
                  h.tookOver(longest);
                }
              } else if (System.nanoTime() < deadline) {
                long pause = 5 + ThreadLocalRandom.current().nextLong(45);
                vertx.setTimer(pause, id -> takeOver(room, h, deadline));
              } else {
                List<HeldLog.Waiter> failed;
                synchronized (h) {
                  failed = h.failedToTakeOver();
                }
                Throwable err = ar.failed() ? ar.cause() : new Routes.Moved();
                failed.forEach(w -> w.fail(err));
              }
            });
  }

  private static boolean notListening(Throwable err) {
    return err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /**
   * Sends what was just placed to the backup (under the room's lock, so copies leave in seq order):
   * the events alone when the backup's copy matches the log, else the whole log.
   */
  private Future<Void> copied(String room, HeldLog h, List<Stored> placed) {
    String backup = members.backupOf(members.self());
    if (backup == null) {
      return Future.succeededFuture();
    }
    boolean holds = h.backupHolds(backup);
    JsonObject part = LogWire.copyPart(room, h.log(), holds ? placed : null);
    h.backupHolds(backup, true);
    long deadline = System.nanoTime() + DEADLINE_NS;
    return link.part(backup, PeerService.COPY, part)
        .transform(ar -> kept(ar) ? Future.succeededFuture() : resent(room, h, deadline));
  }

  /** The backup missed events, did not answer or changed: it gets the whole log. */
  private Future<Void> resent(String room, HeldLog h, long deadline) {
    String backup;
    JsonObject part;
    synchronized (h) {
      backup = members.backupOf(members.self());
      if (backup == null || h.log() == null) {
        return Future.succeededFuture();
      }
      part = LogWire.copyPart(room, h.log(), null);
      h.backupHolds(backup, true);
    }
    return link.part(backup, PeerService.COPY, part)
        .transform(
            ar -> {
              if (kept(ar)) {
                return Future.succeededFuture();
              }
              if (System.nanoTime() > deadline) {
                return Future.failedFuture(
                    ar.failed() ? ar.cause() : new IllegalStateException("backup refused"));
              }
              Promise<Void> later = Promise.promise();
              vertx.setTimer(50, id -> resent(room, h, deadline).onComplete(later));
              return later.future();
            });
  }

  private static boolean kept(AsyncResult<JsonObject> ar) {
    return ar.succeeded() && !LogWire.is(ar.result(), LogWire.FULL);
  }
}

package io.roomcast.history;

import io.roomcast.core.history.Epochs;
import io.roomcast.history.RoomLog.Slice;
import io.roomcast.history.RoomLog.Stored;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One room's log as one member holds it, with what that member may do with it. Only a
 * <em>current</em> log places events: a member becomes current by taking over, that is by asking
 * every other member for its copy and keeping the longest; answering such a request makes the
 * answering member's own log no longer current (it must take over again before it places another
 * event), and a member that is taking over answers "busy" instead. So at most one member places a
 * room's events at a time, and each starts from every event any member placed before it, even while
 * two members both take themselves for the owner. Backups and former owners hold logs that are not
 * current: copies, kept to be handed over.
 *
 * <p>All methods run under the instance's lock (callers synchronize on it).
 */
final class HeldLog {
  enum State {
    /** A copy, or nothing: the next placement takes over first. */
    COPY,
    /** Asking the other members for their copies. */
    TAKING_OVER,
    /** This member places the room's events. */
    CURRENT
  }

  private RoomLog log;
  private State state = State.COPY;
  private String backupHolds;
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

  /** Work that needs the log current, queued while it is not. */
  interface Waiter {
    /** Runs under the lock, the log current. */
    void run(HeldLog log);

    void fail(Throwable err);
  }

  State state() {
    return state;
  }

  /**
   * Queues work for when the log is current (the caller runs it at once when it already is).
   *
   * @return whether a take-over must start: the first work queued while the log was a copy
   */
  boolean queue(Waiter waiter) {
    waiting.add(waiter);
    if (state == State.COPY) {
      state = State.TAKING_OVER;
      return true;
    }
    return false;
  }

  /** The take-over is done: keeps the longest copy found, then runs the queued tasks in order. */
  void tookOver(Slice longest) {
    if (longest != null && (log == null || longest.last() > log.last())) {
      log = new RoomLog(longest);
    }
    state = State.CURRENT;
    backupHolds = null;
    while (!waiting.isEmpty()) {
      waiting.poll().run(this);
    }
  }

  /** The take-over failed: the queued work is handed back, to be failed by the caller. */
  List<Waiter> failedToTakeOver() {
    state = State.COPY;
    List<Waiter> out = List.copyOf(waiting);
    waiting.clear();
    return out;
  }

  /**
   * Another member takes over (the caller answers "busy" instead while this one is taking over):
   * this member's copy, null for none; this log is no longer current.
   */
  Slice handOver() {
    state = State.COPY;
    backupHolds = null;
    return log == null ? null : log.copy();
  }

  /**
   * Places events in a current log; the room's first event (or the first after a delete) opens an
   * epoch.
   */
  List<Stored> place(List<RoomLog.Item> items, long nowMs, int max, long ageMs) {
    if (log == null) {
      log = new RoomLog(Epochs.next());
    }
    return log.placeAll(items, nowMs, max, ageMs);
  }

  RoomLog log() {
    return log;
  }

  /** Forgets the events; a current log stays current (the next event starts a new epoch). */
  void clear() {
    log = null;
    backupHolds = null;
  }

  /** Whether {@code backup}'s copy is known to match this log (else it gets the whole log). */
  boolean backupHolds(String backup) {
    return backup.equals(backupHolds);
  }

  void backupHolds(String backup, boolean holds) {
    backupHolds = holds ? backup : null;
  }

  /**
   * Keeps what the owner sent, as a backup: its whole log, or its latest events. A current log
   * ignores both (it already holds everything the sender placed, see the class comment).
   *
   * @return false when this copy misses events before {@code events} (the owner sends it all)
   */
  boolean keep(Slice whole, String epoch, List<Stored> events, int max, long ageMs) {
    if (state != State.COPY) {
      return true;
    }
    if (whole != null) {
      log = new RoomLog(whole);
      return true;
    }
    if (log == null || !log.epoch().equals(epoch)) {
      return false;
    }
    for (Stored s : events) {
      if (!log.keep(s, max, ageMs)) {
        return false;
      }
    }
    return true;
  }
}

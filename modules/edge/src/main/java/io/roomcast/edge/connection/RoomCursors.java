package io.roomcast.edge.connection;

import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.wire.EncodedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A connection's place in each room it follows: the last durable seq it was handed and its epoch.
 * Live events at or below it are repeats and dropped. While a room resumes, its live durable events
 * wait here until the missed ones are read from history, so the seam has neither gap nor repeat.
 * Runs on the connection's context.
 */
public final class RoomCursors {
  private final Map<String, Cursor> rooms = new HashMap<>();
  private int waiting;
  // most connections follow one room: remember the last one looked up (hot path, per delivery)
  private String lastRoom;
  private Cursor lastCursor;

  private static final class Cursor {
    private String epoch;
    private long seq = -1;
    private List<EncodedEvent> held;
  }

  /** Whether {@code frame} goes out now; a resuming room's durable events are kept back. */
  public boolean admit(EncodedEvent frame) {
    if (!frame.durable() || frame.room() == null) {
      return true;
    }
    Cursor c = cursor(frame.room());
    if (c.held != null) {
      c.held.add(frame);
      waiting++;
      return false;
    }
    boolean sameEpoch = c.epoch == null || Objects.equals(c.epoch, frame.epoch());
    if (sameEpoch && frame.seq() <= c.seq && !(frame.isReset() && c.epoch == null)) {
      return false; // a repeat, or a reset the connection is already past
    }
    if (frame.epoch() != null) {
      c.epoch = frame.epoch();
    }
    c.seq = frame.seq();
    return true;
  }

  private Cursor cursor(String room) {
    if (!room.equals(lastRoom)) {
      lastCursor = rooms.computeIfAbsent(room, r -> new Cursor());
      lastRoom = room;
    }
    return lastCursor;
  }

  /** Starts keeping {@code room}'s live durable events back until {@link #release}. */
  public void hold(String room) {
    Cursor c = cursor(room);
    if (c.held == null) {
      c.held = new ArrayList<>();
    }
  }

  /**
   * Places the connection at {@code at} in {@code room} and returns the live events that waited
   * meanwhile; pass them through {@link #admit} again, which drops the ones at or below {@code at}.
   */
  public List<EncodedEvent> release(String room, StreamPosition at) {
    Cursor c = cursor(room);
    c.epoch = at.epoch();
    c.seq = at.seq();
    List<EncodedEvent> held = c.held == null ? List.of() : c.held;
    waiting -= held.size();
    c.held = null;
    return held;
  }

  /** Live events kept back over all resuming rooms (bounded by the connection's queue size). */
  public int waiting() {
    return waiting;
  }

  public void forget(String room) {
    Cursor c = rooms.remove(room);
    if (room.equals(lastRoom)) {
      lastRoom = null;
      lastCursor = null;
    }
    if (c != null && c.held != null) {
      waiting -= c.held.size();
    }
  }
}

package io.roomcast.presence;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.query.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What runs on a room's partition: one change applied atomically, reads, and the predicates of the
 * sweeps. Shipped serialized, so they carry plain values, including the caller's {@code now}
 * (backups replay the same change and must reach the same state).
 */
final class RoomProcessors {
  private RoomProcessors() {}

  enum Kind {
    JOIN,
    LEAVE,
    DROP,
    DROP_NODE,
    STATUS,
    STATUS_ON_BEHALF,
    TYPING,
    READ,
    EXPIRE
  }

  /**
   * Applies one change to a room; the user-level changes it caused, in order.
   *
   * @param value the node for JOIN and DROP_NODE, the status for STATUS*, {@code true|false} for
   *     TYPING, the event id for READ
   */
  record Update(
      Kind kind, String user, String connection, String value, long seq, long now, Timing timing)
      implements EntryProcessor<String, RoomState, List<Change>> {

    @Override
    public List<Change> process(Map.Entry<String, RoomState> entry) {
      RoomState state = entry.getValue();
      if (state == null) {
        if (!creates()) {
          return new ArrayList<>();
        }
        state = new RoomState(entry.getKey());
      }
      List<Change> changes = apply(state);
      entry.setValue(state.isEmpty() ? null : state);
      // an ArrayList travels with Hazelcast's own list serializer (each change with ours); the
      // immutable lists would go through Java serialization
      return new ArrayList<>(changes);
    }

    private boolean creates() {
      return switch (kind) {
        case JOIN, LEAVE, STATUS_ON_BEHALF, READ -> true;
        case TYPING -> Boolean.parseBoolean(value);
        default -> false;
      };
    }

    private List<Change> apply(RoomState s) {
      return switch (kind) {
        case JOIN -> s.join(user, connection, value, seq, now, timing);
        case LEAVE -> s.leave(user, connection, seq, now, timing);
        case DROP -> s.drop(user, connection, now, timing);
        case DROP_NODE -> s.dropNode(value, now, timing);
        case STATUS -> s.status(user, connection, value, false, now, timing);
        case STATUS_ON_BEHALF -> s.status(user, connection, value, true, now, timing);
        case TYPING -> s.typing(user, connection, Boolean.parseBoolean(value), now, timing);
        case READ -> s.read(user, connection, value);
        case EXPIRE -> s.expire(now, timing);
      };
    }
  }

  /** The room's snapshot, built where the room lives; only the result travels. */
  record Read() implements EntryProcessor<String, RoomState, RoomSnapshot>, ReadOnly {
    @Override
    public RoomSnapshot process(Map.Entry<String, RoomState> entry) {
      RoomState state = entry.getValue();
      return state == null ? RoomSnapshot.empty(entry.getKey()) : state.snapshot();
    }

    @Override
    public EntryProcessor<String, RoomState, RoomSnapshot> getBackupProcessor() {
      return null;
    }
  }

  /** A room's earliest deadline (0 for none), read where the room lives. */
  record NextDue() implements EntryProcessor<String, RoomState, Long>, ReadOnly {
    @Override
    public Long process(Map.Entry<String, RoomState> entry) {
      RoomState state = entry.getValue();
      return state == null ? 0L : state.nextDue();
    }

    @Override
    public EntryProcessor<String, RoomState, Long> getBackupProcessor() {
      return null;
    }
  }

  /**
   * Rooms with typing, a grace period or a remembered leave due at {@code now} ({@link
   * Long#MAX_VALUE}: any deadline).
   */
  record DueBy(long now) implements Predicate<String, RoomState> {
    @Override
    public boolean apply(Map.Entry<String, RoomState> entry) {
      return entry.getValue().due(now);
    }
  }

  /** Rooms where a connection of {@code node} is present. */
  record HoldsNode(String node) implements Predicate<String, RoomState> {
    @Override
    public boolean apply(Map.Entry<String, RoomState> entry) {
      return entry.getValue().holdsNode(node);
    }
  }
}

package io.roomcast.hooks;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.query.Predicate;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes hold a room's subscribers or a user's connections: one entry of the map {@value #MAP}
 * per occupied room ({@code room:<id>}) and online user ({@code user:<id>}), changed only by the
 * entry processors below on the key's partition, so "the first node" and "the last one gone" are
 * decided once in the cluster. An entry exists from the first arrival until the last departure plus
 * the grace period; an empty entry waits out its grace ({@code goneAt} set).
 *
 * @param nodes the bus node ids with at least one local subscriber or connection
 * @param goneAt when the last node went, 0 while some node holds it
 */
record Occupants(Set<String> nodes, long goneAt) implements Serializable {
  static final String MAP = "roomcast.hooks.occupants";

  static String roomKey(String room) {
    return "room:" + room;
  }

  static String userKey(String user) {
    return "user:" + user;
  }

  /** What a change decided for the key as a whole. */
  enum Kind {
    NONE,
    /** It was not occupied (nor in its grace): announce the arrival. */
    ARRIVED,
    /** The last node is gone and the grace is over (or there is none): announce the departure. */
    GONE,
    /** The last node is gone; the departure is due at {@code dueAt} unless a node comes back. */
    GRACE
  }

  record Outcome(Kind kind, long dueAt) implements Serializable {
    static final Outcome NONE = new Outcome(Kind.NONE, 0);
    static final Outcome ARRIVED = new Outcome(Kind.ARRIVED, 0);
    static final Outcome GONE = new Outcome(Kind.GONE, 0);
  }

  /** A node's first local subscriber or connection. */
  record Arrive(String node) implements EntryProcessor<String, Occupants, Outcome> {
    @Override
    public Outcome process(Map.Entry<String, Occupants> entry) {
      Occupants had = entry.getValue();
      Set<String> nodes = had == null ? new HashSet<>() : new HashSet<>(had.nodes());
      nodes.add(node);
      entry.setValue(new Occupants(Set.copyOf(nodes), 0));
      return had == null ? Outcome.ARRIVED : Outcome.NONE;
    }
  }

  /** A node's last local subscriber or connection went (or the node left the cluster). */
  record Depart(String node, long now, long graceMs)
      implements EntryProcessor<String, Occupants, Outcome> {
    @Override
    public Outcome process(Map.Entry<String, Occupants> entry) {
      Occupants had = entry.getValue();
      if (had == null) {
        return Outcome.NONE;
      }
      if (!had.nodes().contains(node)) {
        return had.awaiting(graceMs);
      }
      Set<String> nodes = new HashSet<>(had.nodes());
      nodes.remove(node);
      if (!nodes.isEmpty()) {
        entry.setValue(new Occupants(Set.copyOf(nodes), 0));
        return Outcome.NONE;
      }
      if (graceMs <= 0) {
        entry.setValue(null);
        return Outcome.GONE;
      }
      entry.setValue(new Occupants(Set.of(), now));
      return new Outcome(Kind.GRACE, now + graceMs);
    }
  }

  /** The grace of an emptied entry may be over: it goes, unless a node came back. */
  record Expire(long now, long graceMs) implements EntryProcessor<String, Occupants, Outcome> {
    @Override
    public Outcome process(Map.Entry<String, Occupants> entry) {
      Occupants had = entry.getValue();
      if (had == null || !had.nodes().isEmpty() || had.goneAt() == 0) {
        return Outcome.NONE;
      }
      if (had.goneAt() + graceMs <= now) {
        entry.setValue(null);
        return Outcome.GONE;
      }
      return had.awaiting(graceMs);
    }
  }

  /** Entries a departed node held, and entries in their grace (whose timer it may have held). */
  record HeldBy(String node) implements Predicate<String, Occupants> {
    @Override
    public boolean apply(Map.Entry<String, Occupants> entry) {
      Occupants o = entry.getValue();
      return o.nodes().contains(node) || o.nodes().isEmpty();
    }
  }

  private Outcome awaiting(long graceMs) {
    return nodes.isEmpty() && goneAt != 0
        ? new Outcome(Kind.GRACE, goneAt + graceMs)
        : Outcome.NONE;
  }
}

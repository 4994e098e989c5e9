package io.roomcast.edge.hub;

import io.roomcast.core.hooks.Occupancy;
import java.util.HashMap;
import java.util.Map;

/**
 * This node's rooms with subscribers (hub topics and SockJS bridge registrations alike) and users
 * with connections, counted here so that only the node's own first arrival and last departure are
 * reported to the cluster's {@link Occupancy}, in the order they happened (any thread).
 */
public final class LocalOccupancy {
  private final Occupancy cluster;
  private final boolean off;
  private final Map<String, Integer> rooms = new HashMap<>();
  private final Map<String, Integer> users = new HashMap<>();

  public LocalOccupancy(Occupancy cluster) {
    this.cluster = cluster;
    this.off = cluster == Occupancy.NONE;
  }

  /** One more local source of subscribers of {@code room}. */
  public void roomAdded(String room) {
    if (off || room == null) {
      return;
    }
    synchronized (this) {
      if (rooms.merge(room, 1, Integer::sum) == 1) {
        cluster.roomEntered(room);
      }
    }
  }

  public void roomRemoved(String room) {
    if (off || room == null) {
      return;
    }
    synchronized (this) {
      if (rooms.computeIfPresent(room, (k, n) -> n == 1 ? null : n - 1) == null) {
        cluster.roomLeft(room);
      }
    }
  }

  public void userAdded(String user) {
    if (off) {
      return;
    }
    synchronized (this) {
      if (users.merge(user, 1, Integer::sum) == 1) {
        cluster.userConnected(user);
      }
    }
  }

  public void userRemoved(String user) {
    if (off) {
      return;
    }
    synchronized (this) {
      if (users.computeIfPresent(user, (k, n) -> n == 1 ? null : n - 1) == null) {
        cluster.userDisconnected(user);
      }
    }
  }
}

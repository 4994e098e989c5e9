package io.roomcast.core.hooks;

/**
 * What an edge tells the cluster about its own connections, for the occupancy webhooks: only this
 * node's transitions (its first subscriber of a room, its last one gone; a user's first connection
 * here, their last one gone). The cluster view decides whether the room or user as a whole changed.
 * Calls are fire and forget, from any thread, in the order the transitions happened.
 */
public interface Occupancy {
  /** Nothing is watched. */
  Occupancy NONE =
      new Occupancy() {
        @Override
        public void roomEntered(String room) {}

        @Override
        public void roomLeft(String room) {}

        @Override
        public void userConnected(String user) {}

        @Override
        public void userDisconnected(String user) {}
      };

  /** The first local subscriber of {@code room} arrived on this node. */
  void roomEntered(String room);

  /** The last local subscriber of {@code room} on this node is gone. */
  void roomLeft(String room);

  /** The first connection of {@code user} on this node opened. */
  void userConnected(String user);

  /** The last connection of {@code user} on this node closed. */
  void userDisconnected(String user);
}

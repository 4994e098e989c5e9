package io.roomcast.edge.connection;

import io.roomcast.core.presence.PresenceClient;
import io.roomcast.edge.hub.LocalConnection;
import io.roomcast.edge.hub.RoomMembers;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rooms one connection was announced in: each JOIN sent to presence, with its completion, so
 * the matching LEAVE waits for it; and the node's room membership that server control reads.
 */
final class PresentRooms {
  private final PresenceClient presence;
  private final RoomMembers members;
  private final LocalConnection connection;
  private final Map<String, Future<Void>> joins = new HashMap<>();

  PresentRooms(PresenceClient presence, RoomMembers members, LocalConnection connection) {
    this.presence = presence;
    this.members = members;
    this.connection = connection;
  }

  void join(String room, String user) {
    if (joins.containsKey(room)) {
      return;
    }
    joins.put(room, presence.join(room, user, connection.id()));
    members.joined(room, connection, user);
  }

  /** Ends the presence in {@code room}, sent after its join was answered; none if never joined. */
  void leave(String room, String user) {
    Future<Void> join = room == null ? null : joins.remove(room);
    if (join == null) {
      return;
    }
    members.left(room, connection);
    String id = connection.id();
    join.onComplete(ar -> presence.leave(room, user, id));
  }

  void leaveAll(String user) {
    for (String room : List.copyOf(joins.keySet())) {
      leave(room, user);
    }
  }

  int size() {
    return joins.size();
  }

  boolean contains(String room) {
    return joins.containsKey(room);
  }
}

package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.Ids;
import io.roomcast.core.rooms.RoomsQuery;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The node's part in room management, one consumer each per node: a deleted room ({@link
 * Addresses#ROOM_DELETED}) ends every local subscription to it, and the api's census ({@link
 * Addresses#nodeRooms}) is answered from the node's {@link RoomMembers}.
 */
public final class NodeRooms {
  /** A node answers at most this many rooms at once (a page of 1000, plus one to see more). */
  private static final int MAX_ANSWER = 1001;

  private final EventBus bus;
  private final String nodeId;
  private final NodeHub hub;
  private final RoomMembers members;
  private Future<Void> serving;

  public NodeRooms(EventBus bus, String nodeId, NodeHub hub, RoomMembers members) {
    this.bus = bus;
    this.nodeId = nodeId;
    this.hub = hub;
    this.members = members;
  }

  /** Registers the node's consumers once, whatever the number of edge instances that ask. */
  public synchronized Future<Void> serve() {
    if (serving == null) {
      serving =
          Future.all(
                  bus.<String>consumer(Addresses.ROOM_DELETED, this::onDeleted).completion(),
                  bus.<JsonObject>consumer(Addresses.nodeRooms(nodeId), this::onQuery).completion())
              .mapEmpty();
    }
    return serving;
  }

  /**
   * Each connection in the room, and each one still setting its subscription up (in the hub, not
   * yet joined), is told on its own context.
   */
  private void onDeleted(Message<String> msg) {
    String room = msg.body();
    if (!Ids.isRoom(room)) {
      return;
    }
    Set<LocalConnection> reached = new LinkedHashSet<>(members.connections(room));
    for (Subscriber s : hub.subscribers(Addresses.room(room))) {
      if (s instanceof LocalConnection c) {
        reached.add(c);
      }
    }
    for (LocalConnection c : reached) {
      c.context().runOnContext(v -> c.roomDeleted(room));
    }
  }

  private void onQuery(Message<JsonObject> msg) {
    RoomsQuery asked = RoomsQuery.fromJson(msg.body() == null ? new JsonObject() : msg.body());
    RoomsQuery bounded =
        new RoomsQuery(
            asked.prefix(), asked.after(), Math.max(1, Math.min(asked.limit(), MAX_ANSWER)));
    msg.reply(RoomsQuery.answer(members.list(bounded)));
  }
}

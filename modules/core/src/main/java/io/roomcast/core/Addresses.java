package io.roomcast.core;

/**
 * The only place bus address strings are built. {@code room.*} and {@code user.*} carry envelopes
 * as JSON objects (what the SockJS bridge forwards to browsers); {@code roomcast.*} are internal.
 */
public final class Addresses {
  public static final String ROOM_PREFIX = "room.";
  public static final String USER_PREFIX = "user.";

  /**
   * Regexes for the SockJS bridge's permitted options, derived from the id rules in {@link Ids}.
   */
  public static final String ROOM_REGEX = "room\\." + Ids.ROOM_CHARS;

  public static final String USER_REGEX = "user\\." + Ids.USER_CHARS;

  /** Request/reply: the room's presence, typing and receipts snapshot. */
  public static final String PRESENCE_SNAPSHOT = "roomcast.presence.snapshot";

  /** Commands to the presence verticle (connect, disconnect, heartbeat, typing, status, read). */
  public static final String PRESENCE_COMMAND = "roomcast.presence.command";

  /** Request/reply: a room's durable history after a position. */
  public static final String HISTORY = "roomcast.history";

  /**
   * Request/reply, answered by the active Redis relay only: its state as a {@code RelayStatus},
   * after a PING through Redis. No handler means no relay is active.
   */
  public static final String RELAY_STATUS = "roomcast.relay.status";

  /**
   * Published by the api when a room is deleted (body: the room id as a String): every node's edge
   * ends the subscriptions to it and every presence node forgets the room.
   */
  public static final String ROOM_DELETED = "roomcast.rooms.deleted";

  private static final String NODE_PREFIX = "roomcast.node.";
  private static final String CONTROL_PREFIX = "roomcast.control.";
  private static final String NODE_ROOMS_PREFIX = "roomcast.rooms.node.";
  private static final String HEALTH_PREFIX = "roomcast.health.";
  private static final String HISTORY_MEMBER_PREFIX = "roomcast.history.member.";
  private static final String NAMESPACE_PREFIX = "roomcast.ns.";

  private Addresses() {}

  public static String room(String roomId) {
    return ROOM_PREFIX + roomId;
  }

  public static String user(String userId) {
    return USER_PREFIX + userId;
  }

  /**
   * Request/reply: pushes to connections and users held by one node (one consumer per node, not one
   * per connection). Bodies: {@code {"connection"|"user": id, "envelope": {...}}}.
   */
  public static String node(String nodeId) {
    return NODE_PREFIX + nodeId;
  }

  /**
   * Request/reply: the backend's commands to the connections one node holds (disconnect, subscribe,
   * unsubscribe), answered with how many of them it applied to.
   */
  public static String control(String nodeId) {
    return CONTROL_PREFIX + nodeId;
  }

  /**
   * Request/reply: the rooms a node's edge has subscribers in, with its counts, for the
   * cluster-wide room list and room info ({@code RoomCounts}).
   */
  public static String nodeRooms(String nodeId) {
    return NODE_ROOMS_PREFIX + nodeId;
  }

  /**
   * Request/reply: the health check's round trip through the clustered bus to its own node (the
   * registration is looked up in the cluster like any room's).
   */
  public static String health(String nodeId) {
    return HEALTH_PREFIX + nodeId;
  }

  /**
   * Request/reply between history members: appends and reads for the rooms a node owns, copies for
   * the rooms it backs up, and hand-overs when ownership moves (the history module's {@code
   * PeerService}).
   */
  public static String historyMember(String nodeId) {
    return HISTORY_MEMBER_PREFIX + nodeId;
  }

  /**
   * Events of every room in a wildcard namespace (the pattern's prefix before {@code *}), used for
   * wildcard subscriptions without a consumer per room.
   */
  public static String namespace(String prefix) {
    return NAMESPACE_PREFIX + prefix;
  }

  /** The prefix of a namespace address, or null when it is not one. */
  public static String namespaceOf(String address) {
    return address != null && address.startsWith(NAMESPACE_PREFIX)
        ? address.substring(NAMESPACE_PREFIX.length())
        : null;
  }

  /** The room id of a {@code room.<id>} address, or null when it is not one. */
  public static String roomOf(String address) {
    return address != null && address.startsWith(ROOM_PREFIX)
        ? address.substring(ROOM_PREFIX.length())
        : null;
  }

  /** The user id of a {@code user.<id>} address, or null when it is not one. */
  public static String userOf(String address) {
    return address != null && address.startsWith(USER_PREFIX)
        ? address.substring(USER_PREFIX.length())
        : null;
  }
}

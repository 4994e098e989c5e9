package io.roomcast.relay;

/** The Redis names the relay uses, built in this one place. */
final class Channels {
  static final String ROOM_PREFIX = "roomcast:room:";
  static final String USER_PREFIX = "roomcast:user:";

  /** PSUBSCRIBE patterns of the subscriber connection. */
  static final String ROOM_PATTERN = ROOM_PREFIX + "*";

  static final String USER_PATTERN = USER_PREFIX + "*";

  /**
   * Durable inbound stream (streams mode); entries carry {@code room} or {@code user}, and {@code
   * event}.
   */
  static final String STREAM_IN = "roomcast:stream:in";

  private static final String HEARTBEAT_PREFIX = "roomcast:relay:heartbeat:";

  private Channels() {}

  /** A channel only one relay session subscribes to, to probe its subscriber connection. */
  static String heartbeat(String session) {
    return HEARTBEAT_PREFIX + session;
  }

  static String room(String roomId) {
    return ROOM_PREFIX + roomId;
  }

  static String user(String userId) {
    return USER_PREFIX + userId;
  }
}

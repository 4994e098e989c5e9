package io.roomcast.presence;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.presence.PresenceCommand;
import io.roomcast.core.presence.PresenceCommand.Heartbeat;
import io.roomcast.core.presence.PresenceCommand.Join;
import io.roomcast.core.presence.PresenceCommand.Leave;
import io.roomcast.core.presence.PresenceCommand.Published;
import io.roomcast.core.presence.PresenceCommand.Read;
import io.roomcast.core.presence.PresenceCommand.Status;
import io.roomcast.core.presence.PresenceCommand.Typing;
import java.util.Set;

/** Validation of commands before they touch shared state; refusals are coded. */
final class Commands {
  private static final Set<String> STATUSES =
      Set.of(RoomState.ONLINE, RoomState.AWAY, RoomState.OFFLINE);

  private Commands() {}

  static PresenceCommand check(PresenceCommand cmd) {
    if (cmd == null) {
      throw ErrorCode.UNKNOWN_OP.exception("a presence command needs an op");
    }
    if (cmd instanceof Heartbeat h) {
      if (h.node() == null || h.node().isEmpty() || h.node().length() > 128) {
        throw ErrorCode.INVALID_REQUEST.exception("a heartbeat needs the node it renews");
      }
    } else if (cmd instanceof Join j) {
      member(j.room(), j.user(), required(j.connection(), "JOIN"));
    } else if (cmd instanceof Leave l) {
      member(l.room(), l.user(), required(l.connection(), "LEAVE"));
    } else if (cmd instanceof Status s) {
      member(s.room(), s.user(), s.connection());
      if (!STATUSES.contains(s.status())) {
        throw ErrorCode.INVALID_DATA.exception("'status' must be online, away or offline");
      }
    } else if (cmd instanceof Typing t) {
      member(t.room(), t.user(), t.connection());
    } else if (cmd instanceof Read r) {
      member(r.room(), r.user(), r.connection());
      if (r.eventId() == null || r.eventId().isEmpty() || r.eventId().length() > 64) {
        throw ErrorCode.INVALID_DATA.exception("'event_id' must be a non-empty string");
      }
    } else if (cmd instanceof Published p) {
      member(p.room(), p.user(), p.connection());
    }
    return cmd;
  }

  private static void member(String room, String user, String connection) {
    Ids.requireRoom(room);
    Ids.requireUser(user);
    if (connection != null && !Ids.isUser(connection)) {
      throw ErrorCode.INVALID_REQUEST.exception("invalid connection id");
    }
  }

  private static String required(String connection, String op) {
    if (connection == null) {
      throw ErrorCode.INVALID_REQUEST.exception(op + " needs a connection");
    }
    return connection;
  }
}

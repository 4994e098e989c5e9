package io.roomcast.presence;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.presence.PresenceCommand;
import io.roomcast.core.presence.PresenceCommand.Op;
import java.util.Set;

/** Validation of commands before they touch shared state; refusals are coded. */
final class Commands {
  private static final Set<String> STATUSES =
      Set.of(RoomState.ONLINE, RoomState.AWAY, RoomState.OFFLINE);

  private Commands() {}

  static PresenceCommand check(PresenceCommand cmd) {
    if (cmd == null || cmd.op() == null) {
      throw ErrorCode.UNKNOWN_OP.exception("a presence command needs an op");
    }
    if (cmd.op() == Op.HEARTBEAT) {
      if (cmd.node() == null || cmd.node().isEmpty() || cmd.node().length() > 128) {
        throw ErrorCode.INVALID_REQUEST.exception("a heartbeat needs the node it renews");
      }
      return cmd;
    }
    Ids.requireRoom(cmd.room());
    Ids.requireUser(cmd.user());
    if (cmd.connection() != null && !Ids.isUser(cmd.connection())) {
      throw ErrorCode.INVALID_REQUEST.exception("invalid connection id");
    }
    switch (cmd.op()) {
      case JOIN, LEAVE -> {
        if (cmd.connection() == null) {
          throw ErrorCode.INVALID_REQUEST.exception(cmd.op() + " needs a connection");
        }
      }
      case STATUS -> {
        if (!STATUSES.contains(cmd.value())) {
          throw ErrorCode.INVALID_DATA.exception("'status' must be online, away or offline");
        }
      }
      case TYPING -> {
        if (!"true".equals(cmd.value()) && !"false".equals(cmd.value())) {
          throw ErrorCode.INVALID_DATA.exception("'typing' must be true or false");
        }
      }
      case READ -> {
        if (cmd.value() == null || cmd.value().isEmpty() || cmd.value().length() > 64) {
          throw ErrorCode.INVALID_DATA.exception("'event_id' must be a non-empty string");
        }
      }
      default -> {}
    }
    return cmd;
  }
}

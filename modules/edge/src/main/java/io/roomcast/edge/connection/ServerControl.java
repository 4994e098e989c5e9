package io.roomcast.edge.connection;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.control.ControlCommand;
import io.vertx.core.Future;

/** What a server-control command does to one live connection. */
final class ServerControl {
  private ServerControl() {}

  /** Completes with whether the connection was reached and told. */
  static Future<Boolean> apply(EdgeConnection c, ControlCommand command) {
    if (c.released()) {
      return Future.succeededFuture(false);
    }
    return switch (command.op()) {
      case DISCONNECT -> {
        String message = command.message();
        c.close(
            ErrorCode.DISCONNECTED,
            message != null ? message : "disconnected by the server",
            command.reconnect());
        yield Future.succeededFuture(true);
      }
      case SUBSCRIBE -> c.join(command.rooms());
      case UNSUBSCRIBE -> Future.succeededFuture(c.leave(command.rooms()));
    };
  }
}

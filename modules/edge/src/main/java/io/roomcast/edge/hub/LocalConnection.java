package io.roomcast.edge.hub;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.control.ControlCommand;
import io.roomcast.core.event.PushResult;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Future;

/** A browser connection on this node, as targeted pushes reach it ({@link ConnectionRegistry}). */
public interface LocalConnection extends Subscriber {
  String id();

  /** The user the connection's identity names. */
  String user();

  /** Whether the connection's filters let an event of {@code type} through (any thread). */
  boolean accepts(String type);

  /** A point-to-point push; runs on {@link #context()}. */
  PushResult push(EncodedEvent event);

  /** Ends the connection with a final frame saying why; runs on {@link #context()}. */
  void close(ErrorCode reason, String message);

  /**
   * A command of the backend for this connection; runs on {@link #context()} and completes with
   * whether it applied (a disconnect closed it, a subscribe made it join, an unsubscribe made it
   * leave).
   */
  Future<Boolean> control(ControlCommand command);

  /**
   * {@code room} was deleted: the connection's subscription to it ends, and the client is told with
   * {@code room_deleted}. Runs on {@link #context()}.
   */
  void roomDeleted(String room);
}

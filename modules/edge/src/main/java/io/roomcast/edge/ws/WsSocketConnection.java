package io.roomcast.edge.ws;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.edge.connection.Edge;
import io.roomcast.edge.connection.EdgeConnection;
import io.roomcast.edge.wire.ChannelWire;
import io.roomcast.edge.wire.Outbox;
import io.vertx.core.Context;

/**
 * A connection over a {@link WsSocket}, whatever protocol it speaks on it ({@code /ws}, the
 * event-bus bridge): its bounded outbound queue, liveness (idle timeout, keepalives, token expiry)
 * and the close — a final frame that says why, then the closing handshake, or an abort when the
 * client is not reading.
 */
public abstract class WsSocketConnection extends EdgeConnection implements WsListener {
  protected final WsSocket socket;
  protected final EdgeConfig config;
  protected final ChannelWire wire;
  protected final Outbox outbox;
  private long lastHeardMs;
  private long lastKeepaliveMs;

  protected WsSocketConnection(
      String id, Identity identity, String ip, Context context, Edge edge, WsSocket socket) {
    super(id, identity, ip, context, edge);
    this.socket = socket;
    this.lastHeardMs = clock.millis();
    this.lastKeepaliveMs = lastHeardMs;
    this.config = edge.config();
    this.wire = ChannelWire.of(socket.channel(), context);
    this.outbox =
        new Outbox(
            wire,
            config.queueFrames(),
            false,
            false,
            metrics,
            () ->
                close(ErrorCode.SLOW_CONSUMER, "client fell too far behind; reconnect to resume"));
    socket.listener(this);
  }

  /** Anything from the client counts as a sign of life. */
  protected void heard() {
    lastHeardMs = clock.millis();
  }

  @Override
  public void pong() {
    heard();
  }

  @Override
  public void closed() {
    ended();
  }

  /** A keepalive for a socket silent for {@code edge.pingSeconds}; a WebSocket ping by default. */
  protected void keepalive() {
    socket.writePing("rc");
  }

  /** What an expired token is told. */
  protected String expiredMessage() {
    return "token expired: reconnect with a new token";
  }

  @Override
  public long sweep(long nowMs) {
    if (released()) {
      return Long.MAX_VALUE;
    }
    long idleAt = lastHeardMs + config.idleTimeoutSeconds() * 1000L;
    if (expired(nowMs)) {
      close(ErrorCode.TOKEN_EXPIRED, expiredMessage());
      return Long.MAX_VALUE;
    } else if (nowMs >= idleAt) {
      close(ErrorCode.IDLE_TIMEOUT, "nothing heard from the client within the idle timeout");
      return Long.MAX_VALUE;
    }
    long pingMs = config.pingSeconds() * 1000L;
    if (nowMs - Math.max(lastHeardMs, lastKeepaliveMs) >= pingMs) {
      lastKeepaliveMs = nowMs;
      keepalive();
    }
    return Math.min(
        expiresAtMs(), Math.min(idleAt, Math.max(lastHeardMs, lastKeepaliveMs) + pingMs));
  }

  /**
   * The protocol's last words before the close ({@code error}, {@code err}, SockJS's {@code c[…]}),
   * written to {@link #wire} so they leave after every frame already written.
   */
  protected abstract void farewell(ErrorCode reason, String message, boolean reconnect);

  @Override
  public void close(ErrorCode reason, String message, boolean reconnect) {
    if (released()) {
      return;
    }
    outbox.clear();
    farewell(reason, message, reconnect);
    if (wire.writeQueueFull()) {
      wire.abort(); // the client is not reading: no closing handshake can reach it
    } else {
      socket.close(reason.closeCode(), reason.code());
    }
    ended();
  }

  /** The connection is over, whoever ended it: nothing more is queued or delivered. */
  private void ended() {
    outbox.clear();
    release();
  }
}

package io.roomcast.edge;

import io.roomcast.core.ConnectionIds;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.config.LimitsConfig;
import io.roomcast.edge.hub.NodeHub;
import io.vertx.core.http.HttpServerRequest;

/** What every transport of one edge instance shares. */
public record Edge(
    Authenticator auth,
    NodeHub hub,
    Connections connections,
    Snapshots snapshots,
    RoomcastClient client,
    EdgeConfig config,
    LimitsConfig limits,
    String nodeId) {

  /**
   * A subscription must be registered cluster-wide and resumed within this time, or the client is
   * told to retry: while Hazelcast migrates partitions after a membership change its operations may
   * stall, and a client should reconnect rather than wait on a silent stream.
   */
  public static final long SETUP_TIMEOUT_SECONDS = 10;

  /**
   * The WebSocket transports' hard cap on a frame or message: above {@code maxFrameBytes}, so an
   * oversized frame is read and refused by the protocol with a 1009 close and a reason, rather than
   * cut off mid-frame.
   */
  public int transportLimit() {
    return Math.max(4 * config.maxFrameBytes(), config.maxFrameBytes() + 65_536);
  }

  public String nextConnectionId() {
    return ConnectionIds.next(nodeId);
  }

  /** Refuses a new connection over the per-user or per-address caps of this node. */
  public void admit(Identity who, String ip) {
    if (!hub.admits(who.user(), ip, limits)) {
      throw ErrorCode.TOO_MANY_CONNECTIONS.exception(
          "too many connections for this user or address");
    }
  }

  public static String ip(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }
}

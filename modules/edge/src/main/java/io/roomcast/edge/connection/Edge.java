package io.roomcast.edge.connection;

import io.roomcast.core.ConnectionIds;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.client.CidIndex;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.config.LimitsConfig;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.presence.PresenceClient;
import io.roomcast.edge.EdgeServices;
import io.roomcast.edge.hooks.ConnectProxy;
import io.roomcast.edge.hub.ConnectionRegistry;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.edge.hub.RoomMembers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;

/**
 * What every transport of one edge instance shares: the node's {@link EdgeServices} and the
 * instance's own token checks, connections (one event loop) and snapshot requests. Internal to the
 * edge.
 */
public record Edge(
    EdgeServices services,
    Authenticator auth,
    InstanceConnections connections,
    Snapshots snapshots) {

  /**
   * A subscription must be registered cluster-wide and resumed within this time, or the client is
   * told to retry: while Hazelcast migrates partitions after a membership change its operations may
   * stall, and a client should reconnect rather than wait on a silent stream.
   */
  public static final long SETUP_TIMEOUT_SECONDS = 10;

  public NodeHub hub() {
    return services.hub();
  }

  public RoomMembers members() {
    return services.members();
  }

  public ConnectionRegistry registry() {
    return services.connections();
  }

  public EdgeMetrics metrics() {
    return services.metrics();
  }

  public RoomcastClient client() {
    return services.client();
  }

  public CidIndex cids() {
    return services.cids();
  }

  public PresenceClient presence() {
    return services.presence();
  }

  public HistoryStore history() {
    return services.history();
  }

  public Clock clock() {
    return services.clock();
  }

  public EdgeConfig config() {
    return services.edge();
  }

  public LimitsConfig limits() {
    return services.limits();
  }

  /**
   * The WebSocket transports' hard cap on a frame or message: above {@code maxFrameBytes}, so an
   * oversized frame is read and refused by the protocol with a 1009 close and a reason, rather than
   * cut off mid-frame.
   */
  public int transportLimit() {
    EdgeConfig config = config();
    return Math.max(4 * config.maxFrameBytes(), config.maxFrameBytes() + 65_536);
  }

  public String nextConnectionId() {
    return ConnectionIds.next(services.nodeId());
  }

  /**
   * Who opens a connection: the holder of its token ({@code Authorization: Bearer} or {@code
   * ?token=}); with no token and a connect proxy configured, whoever the application's backend
   * names for the browser's cookies. {@code transport} is {@code sse}, {@code ws} or {@code
   * sockjs}. The answer comes back on the caller's context.
   */
  public Future<Identity> authenticate(HttpServerRequest request, String transport) {
    String token = Authenticator.bearer(request);
    ConnectProxy proxy = services.connectProxy();
    Future<Identity> who =
        (token == null || token.isEmpty()) && proxy != null
            ? proxy.identify(request, transport)
            : auth.user(token);
    return onCaller(who);
  }

  /** Refuses a new connection over the per-user or per-address caps of this node. */
  public void admit(Identity who, String ip) {
    if (!registry().admits(who.user(), ip)) {
      throw ErrorCode.TOO_MANY_CONNECTIONS.exception(
          "too many connections for this user or address");
    }
  }

  /**
   * The connection id the client chose ({@code ?cid=}), or null when it chose none; refused with
   * {@code invalid_request} unless it is 1–64 chars of {@code [A-Za-z0-9_.:-]}.
   */
  public static String cid(HttpServerRequest request) {
    String cid = request.getParam("cid");
    return cid == null ? null : Ids.requireCid(cid);
  }

  /**
   * Runs the node's {@link Admission} for a subscription to the exact {@code room}; the answer
   * comes back on the caller's context (call on a connection's or request's context).
   */
  public Future<Void> admitSubscription(
      Identity who, String room, String connectionId, String cid, String transport) {
    Future<Void> answer;
    try {
      answer = services.admission().admit(who, room, connectionId, cid, transport);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    return onCaller(answer);
  }

  /**
   * Succeeds when a client may publish into {@code room}: refused with {@code room_not_found} when
   * rooms must be created and this one was not. Answers on the caller's context.
   */
  public Future<Void> requirePublishable(String room) {
    return onCaller(services.rooms().require(room));
  }

  private static <T> Future<T> onCaller(Future<T> answer) {
    Context caller = Vertx.currentContext();
    if (answer.isComplete() || caller == null) {
      return answer;
    }
    Promise<T> here = Promise.promise();
    answer.onComplete(
        ar -> {
          if (Vertx.currentContext() == caller) {
            here.handle(ar);
          } else {
            caller.runOnContext(v -> here.handle(ar));
          }
        });
    return here.future();
  }

  public static String ip(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }
}

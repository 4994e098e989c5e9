package io.roomcast.edge.connection;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.control.ControlCommand;
import io.roomcast.core.event.PushResult;
import io.roomcast.edge.hub.ConnectionRegistry;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.hub.LocalConnection;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What every browser connection shares, whatever its transport: a server-assigned id, the identity
 * from its token, the id the client chose for it ({@code cid}, optional), its event loop, and the
 * hub addresses it follows (released on close).
 */
public abstract class EdgeConnection implements LocalConnection {
  protected final String id;
  protected volatile Identity identity;
  private final String ip;
  protected final Context context;
  protected final NodeHub hub;
  protected final EdgeMetrics metrics;
  protected final Clock clock;
  private final ConnectionRegistry nodeConnections;
  private final InstanceConnections instance;
  private final RateLimiter limiter;
  private final CidClaim cidClaim;
  private final FollowedAddresses followed;
  private final PresentRooms present;
  private final Grants grants = new Grants();
  private boolean released;

  /** Registers itself with the edge's connections and the node hub until it is released. */
  protected EdgeConnection(String id, Identity identity, String ip, Context context, Edge edge) {
    this.id = id;
    this.identity = identity;
    this.ip = ip;
    this.context = context;
    this.hub = edge.hub();
    this.metrics = edge.metrics();
    this.clock = edge.clock();
    this.nodeConnections = edge.registry();
    this.instance = edge.connections();
    this.followed = new FollowedAddresses(edge.hub(), this);
    this.present = new PresentRooms(edge.presence(), edge.members(), this);
    this.limiter = new RateLimiter(edge.limits());
    this.cidClaim = new CidClaim(edge.cids(), edge.services().pushes());
    instance.add(this);
    metrics.opened(transport());
    nodeConnections.register(this, identity.user(), ip);
  }

  @Override
  public String id() {
    return id;
  }

  public Identity identity() {
    return identity;
  }

  /** The id the client chose for this connection, or null. */
  public String cid() {
    return cidClaim.cid();
  }

  /**
   * Makes this connection the holder of {@code cid} (null: none) across the cluster and closes the
   * connection that held it before, wherever it is; completes once that one was told. Call once, on
   * the connection's context, before the client is welcomed.
   */
  public Future<Void> claim(String cid) {
    if (cid == null || released) {
      return Future.succeededFuture();
    }
    return cidClaim.claim(identity.user(), cid, id);
  }

  @Override
  public String user() {
    return identity.user();
  }

  /**
   * Whether this connection may see {@code room} (follow it, receive it through a wildcard, signal
   * or ask for its snapshot): granted by the backend, or in the token and not revoked.
   */
  public boolean maySee(String room) {
    return grants.granted(room) || (!grants.revoked(room) && identity.canSubscribe(room));
  }

  /** What the backend granted and revoked beyond the token; used on the connection's context. */
  public Grants grants() {
    return grants;
  }

  @Override
  public Future<Boolean> control(ControlCommand command) {
    return ServerControl.apply(this, command);
  }

  /**
   * The backend subscribes this connection to exact {@code rooms}, as if the client had asked but
   * whatever its token says; completes with whether it now follows all of them. Transports that
   * cannot take new rooms (an SSE stream) answer false.
   */
  protected Future<Boolean> join(List<String> rooms) {
    return Future.succeededFuture(false);
  }

  /**
   * The backend unsubscribes this connection from {@code rooms} and revokes them; true when the
   * connection was told (it left them, or it ended because it could not).
   */
  protected boolean leave(List<String> rooms) {
    rooms.forEach(grants::revoke);
    return false;
  }

  /** The transport label in metrics ({@code sse}, {@code ws}, {@code sockjs}). */
  public String transport() {
    return EdgeMetrics.OTHER;
  }

  /** Charges one publish or signal; refuses over the rate and closes an abusive client. */
  public void chargePublish() {
    RateLimiter.Verdict v = limiter.acquire();
    if (v == RateLimiter.Verdict.ABUSIVE) {
      close(ErrorCode.RATE_LIMITED, "too many refused publishes");
    }
    if (v != RateLimiter.Verdict.ALLOWED) {
      throw RateLimiter.refusal();
    }
  }

  /** The client's address as a rate-limit and cap key. */
  protected static String host(SocketAddress address) {
    return address == null ? "unknown" : address.hostAddress();
  }

  /** True once the token behind this connection has expired (it must be refreshed or closed). */
  protected boolean expired(long nowMs) {
    return identity.expired(Instant.ofEpochMilli(nowMs));
  }

  /** When the token behind this connection expires (epoch ms; {@link Long#MAX_VALUE} for never). */
  protected long expiresAtMs() {
    Instant at = identity.expiresAt();
    return at == null ? Long.MAX_VALUE : at.toEpochMilli();
  }

  @Override
  public Context context() {
    return context;
  }

  /** Follows a bus address; completes once deliveries from the whole cluster are guaranteed. */
  protected Future<Void> follow(String address) {
    Future<Void> subscribed = released ? null : followed.follow(address);
    if (subscribed == null) {
      return Future.succeededFuture();
    }
    return subscribed.onSuccess(
        v -> {
          // the connection may have ended or unfollowed while the subscription was set up
          if (followed.contains(address)) {
            joined(Addresses.roomOf(address));
          }
        });
  }

  /**
   * Stops the hub's deliveries on {@code address} without ending the presence they brought: another
   * path (the SockJS bridge's own registration) delivers it from now on.
   */
  protected void handOver(String address) {
    followed.drop(address);
  }

  protected void unfollow(String address) {
    if (followed.drop(address)) {
      left(Addresses.roomOf(address));
    }
  }

  /**
   * Makes the user present in {@code room} through this connection (the presence service decides
   * what shows). Never for a released connection: nothing would ever take it back.
   */
  protected void joined(String room) {
    if (room != null && !released) {
      present.join(room, identity.user());
    }
  }

  /** Ends this connection's presence in {@code room}: sent after its join was answered. */
  protected void left(String room) {
    present.leave(room, identity.user());
  }

  /** How many rooms this connection was announced in. */
  protected int presentRooms() {
    return present.size();
  }

  protected boolean presentIn(String room) {
    return present.contains(room);
  }

  protected boolean follows(String address) {
    return followed.contains(address);
  }

  /** How many room addresses this connection follows (what the subscription cap counts). */
  protected int followedRooms() {
    return followed.rooms();
  }

  /** Drops every subscription; idempotent, called whenever the connection ends. */
  protected void release() {
    if (released) {
      return;
    }
    released = true;
    followed.dropAll();
    present.leaveAll(identity.user());
    instance.remove(this);
    metrics.closed(transport());
    nodeConnections.unregister(id, identity.user(), ip);
    cidClaim.release(identity.user(), id);
  }

  protected boolean released() {
    return released;
  }

  @Override
  public boolean accepts(String type) {
    return true;
  }

  @Override
  public PushResult push(EncodedEvent frame) {
    if (released) {
      return PushResult.SEND_FAILED;
    }
    if (!accepts(frame.type())) {
      return PushResult.FILTERED;
    }
    deliver(Addresses.user(identity.user()), frame);
    return released ? PushResult.SEND_FAILED : PushResult.DELIVERED;
  }

  /**
   * By default a deleted room ends the whole connection with {@code room_deleted} (a stream of that
   * room); transports that multiplex rooms drop that room only.
   */
  @Override
  public void roomDeleted(String room) {
    if (dropDeleted(room)) {
      close(ErrorCode.ROOM_DELETED, RoomRefusal.deleted(room));
    }
  }

  /** Ends the subscription to a deleted room; true when there was one (the client is told). */
  protected boolean dropDeleted(String room) {
    String address = Addresses.room(room);
    boolean had = followed.contains(address) || present.contains(room);
    unfollow(address);
    left(room);
    return had && !released;
  }

  /**
   * The instance's sweep, when this connection said it would next need one: keepalives, pings, idle
   * timeouts, token expiry.
   *
   * @return when it next needs a sweep (epoch ms; {@link Long#MAX_VALUE} for never)
   */
  public abstract long sweep(long nowMs);

  /**
   * Ends the connection with a final frame that says why and whether to reconnect, as {@code
   * reason} tells. Runs on the connection's context.
   */
  public final void close(ErrorCode reason, String message) {
    close(reason, message, reason.reconnect());
  }

  /**
   * Ends the connection with a final frame that says why and whether to reconnect ({@code
   * reconnect}, which the backend may choose for a disconnect). Runs on the connection's context.
   */
  public abstract void close(ErrorCode reason, String message, boolean reconnect);
}

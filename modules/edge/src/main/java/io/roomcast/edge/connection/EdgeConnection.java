package io.roomcast.edge.connection;

import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.client.CidIndex;
import io.roomcast.core.control.ControlCommand;
import io.roomcast.core.event.PushResult;
import io.roomcast.core.presence.PresenceClient;
import io.roomcast.edge.hub.ConnectionRegistry;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.hub.LocalConnection;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.edge.hub.NodePushes;
import io.roomcast.edge.hub.RoomMembers;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private final PresenceClient presence;
  private final ConnectionRegistry nodeConnections;
  private final InstanceConnections instance;
  private final RoomMembers members;
  private final RateLimiter limiter;
  private final CidIndex cids;
  private final NodePushes pushes;
  private String cid;
  // the claim of the cid in the cluster's index: the entry is removed once it completed
  private Future<Void> claimed;
  private final Set<String> addresses = new LinkedHashSet<>();
  // rooms whose JOIN went to presence, each with that JOIN's completion: its LEAVE waits for it
  private final Map<String, Future<Void>> present = new HashMap<>();
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
    this.presence = edge.presence();
    this.nodeConnections = edge.registry();
    this.instance = edge.connections();
    this.members = edge.members();
    this.limiter = new RateLimiter(edge.limits());
    this.cids = edge.cids();
    this.pushes = edge.services().pushes();
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
    return cid;
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
    this.cid = cid;
    claimed =
        cids.claim(identity.user(), cid, id)
            .compose(
                previous ->
                    previous == null || previous.equals(id)
                        ? Future.succeededFuture()
                        : pushes.replace(previous));
    return claimed;
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

  /** Whether the backend subscribed this connection to {@code room}. */
  protected boolean granted(String room) {
    return grants.granted(room);
  }

  /** Whether the backend took {@code room} away from this connection. */
  public boolean revoked(String room) {
    return grants.revoked(room);
  }

  protected void grant(String room) {
    grants.grant(room);
  }

  protected void revoke(String room) {
    grants.revoke(room);
  }

  @Override
  public Future<Boolean> control(ControlCommand command) {
    if (released) {
      return Future.succeededFuture(false);
    }
    return switch (command.op()) {
      case DISCONNECT -> {
        String message = command.message();
        close(
            ErrorCode.DISCONNECTED,
            message != null ? message : "disconnected by the server",
            command.reconnect());
        yield Future.succeededFuture(true);
      }
      case SUBSCRIBE -> join(command.rooms());
      case UNSUBSCRIBE -> Future.succeededFuture(leave(command.rooms()));
    };
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
    rooms.forEach(this::revoke);
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

  @Override
  public Context context() {
    return context;
  }

  /** Follows a bus address; completes once deliveries from the whole cluster are guaranteed. */
  protected Future<Void> follow(String address) {
    if (released || !addresses.add(address)) {
      return Future.succeededFuture();
    }
    return hub.subscribe(address, this)
        .onSuccess(
            v -> {
              // the connection may have ended or unfollowed while the subscription was set up
              if (addresses.contains(address)) {
                joined(Addresses.roomOf(address));
              }
            });
  }

  /**
   * Stops the hub's deliveries on {@code address} without ending the presence they brought: another
   * path (the SockJS bridge's own registration) delivers it from now on.
   */
  protected void handOver(String address) {
    if (addresses.remove(address)) {
      hub.unsubscribe(address, this);
    }
  }

  protected void unfollow(String address) {
    if (addresses.remove(address)) {
      hub.unsubscribe(address, this);
      left(Addresses.roomOf(address));
    }
  }

  /**
   * Makes the user present in {@code room} through this connection (the presence service decides
   * what shows). Never for a released connection: nothing would ever take it back.
   */
  protected void joined(String room) {
    if (room == null || released || present.containsKey(room)) {
      return;
    }
    present.put(room, presence.join(room, identity.user(), id));
    members.joined(room, this, identity.user());
  }

  /** Ends this connection's presence in {@code room}: sent after its join was answered. */
  protected void left(String room) {
    Future<Void> join = room == null ? null : present.remove(room);
    if (join == null) {
      return; // never announced
    }
    members.left(room, this);
    String user = identity.user();
    join.onComplete(ar -> presence.leave(room, user, id));
  }

  /** How many rooms this connection was announced in. */
  protected int presentRooms() {
    return present.size();
  }

  protected boolean presentIn(String room) {
    return present.containsKey(room);
  }

  protected boolean follows(String address) {
    return addresses.contains(address);
  }

  /** How many room addresses this connection follows (what the subscription cap counts). */
  protected int followedRooms() {
    int n = 0;
    for (String address : addresses) {
      if (Addresses.roomOf(address) != null) {
        n++;
      }
    }
    return n;
  }

  /** Drops every subscription; idempotent, called whenever the connection ends. */
  protected void release() {
    if (released) {
      return;
    }
    released = true;
    for (String address : addresses) {
      hub.unsubscribe(address, this);
    }
    addresses.clear();
    for (String room : List.copyOf(present.keySet())) {
      left(room);
    }
    instance.remove(this);
    metrics.closed(transport());
    nodeConnections.unregister(id, identity.user(), ip);
    if (claimed != null) {
      String user = identity.user();
      claimed.onComplete(ar -> cids.release(user, cid, id));
    }
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
      close(ErrorCode.ROOM_DELETED, deletedMessage(room));
    }
  }

  /** Ends the subscription to a deleted room; true when there was one (the client is told). */
  protected boolean dropDeleted(String room) {
    String address = Addresses.room(room);
    boolean had = addresses.contains(address) || present.containsKey(room);
    unfollow(address);
    left(room);
    return had && !released;
  }

  protected static String deletedMessage(String room) {
    return "room '" + room + "' was deleted";
  }

  /** Periodic check from the instance's sweep: keepalives, pings, idle timeouts. */
  public abstract void sweep(long nowMs);

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

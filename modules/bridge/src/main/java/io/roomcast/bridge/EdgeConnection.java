package io.roomcast.bridge;

import io.roomcast.bridge.hub.NodeHub;
import io.roomcast.bridge.hub.Subscriber;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What every browser connection shares, whatever its transport: a server-assigned id, the identity
 * from its token, its event loop, and the hub addresses it follows (released on close).
 */
public abstract class EdgeConnection implements Subscriber {
  protected final String id;
  protected final Identity identity;
  protected final Context context;
  protected final NodeHub hub;
  private final Connections registry;
  private final Set<String> addresses = new LinkedHashSet<>();
  private boolean released;

  /** Registers itself with {@code registry} until it is released. */
  protected EdgeConnection(
      String id, Identity identity, Context context, NodeHub hub, Connections registry) {
    this.id = id;
    this.identity = identity;
    this.context = context;
    this.hub = hub;
    this.registry = registry;
    registry.add(this);
  }

  public String id() {
    return id;
  }

  public Identity identity() {
    return identity;
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
    return hub.subscribe(address, this);
  }

  protected void unfollow(String address) {
    if (addresses.remove(address)) {
      hub.unsubscribe(address, this);
    }
  }

  protected boolean follows(String address) {
    return addresses.contains(address);
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
    registry.remove(this);
  }

  protected boolean released() {
    return released;
  }

  /** Periodic check from the registry's sweep: keepalives, pings, idle timeouts. */
  public abstract void sweep(long nowMs);

  /**
   * Ends the connection with a final frame that says why and whether to reconnect. Runs on the
   * connection's context.
   */
  public abstract void close(ErrorCode reason, String message);
}

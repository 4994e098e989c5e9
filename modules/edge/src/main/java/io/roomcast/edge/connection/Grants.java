package io.roomcast.edge.connection;

import java.util.HashSet;
import java.util.Set;

/**
 * What the application's backend changed about one connection's rooms beyond its token: rooms it
 * subscribed the connection to (followed whatever the token's {@code rooms} claim says, and kept
 * across a token refresh) and rooms it revoked (refused to the connection, even through a wildcard
 * or a token that covers them, until the backend subscribes it again). Used on the connection's
 * context only.
 */
public final class Grants {
  private final Set<String> granted = new HashSet<>();
  private final Set<String> revoked = new HashSet<>();

  public void grant(String room) {
    revoked.remove(room);
    granted.add(room);
  }

  public void revoke(String room) {
    granted.remove(room);
    revoked.add(room);
  }

  public boolean granted(String room) {
    return granted.contains(room);
  }

  public boolean revoked(String room) {
    return !revoked.isEmpty() && revoked.contains(room);
  }
}

package io.roomcast.edge.connection;

import io.roomcast.core.Addresses;
import io.roomcast.edge.hub.LocalConnection;
import io.roomcast.edge.hub.NodeHub;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.Set;

/** The hub addresses one connection follows, in the order it followed them. */
final class FollowedAddresses {
  private final NodeHub hub;
  private final LocalConnection connection;
  private final Set<String> addresses = new LinkedHashSet<>();

  FollowedAddresses(NodeHub hub, LocalConnection connection) {
    this.hub = hub;
    this.connection = connection;
  }

  /** Subscribes to {@code address} at the hub; null when the connection already follows it. */
  Future<Void> follow(String address) {
    return addresses.add(address) ? hub.subscribe(address, connection) : null;
  }

  /** Stops the hub's deliveries on {@code address}; true when the connection followed it. */
  boolean drop(String address) {
    if (!addresses.remove(address)) {
      return false;
    }
    hub.unsubscribe(address, connection);
    return true;
  }

  void dropAll() {
    for (String address : addresses) {
      hub.unsubscribe(address, connection);
    }
    addresses.clear();
  }

  boolean contains(String address) {
    return addresses.contains(address);
  }

  /** How many room addresses are followed (what the subscription cap counts). */
  int rooms() {
    int n = 0;
    for (String address : addresses) {
      if (Addresses.roomOf(address) != null) {
        n++;
      }
    }
    return n;
  }
}

package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.config.LimitsConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's browser connections, whatever their transport and event loop: reachable by id for
 * targeted pushes, counted per user and per client address against the node's caps, and the SockJS
 * bridge registrations that use the bridge's own consumers rather than the hub (any thread).
 */
public final class ConnectionRegistry {
  private final LimitsConfig limits;
  private final Map<String, LocalConnection> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
  private final Map<String, Set<LocalConnection>> byUser = new ConcurrentHashMap<>();
  private final Map<String, Integer> perIp = new ConcurrentHashMap<>();
  private final Map<String, Integer> bridgeRegistrations = new ConcurrentHashMap<>();

  private final LocalOccupancy occupancy;

  public ConnectionRegistry(LimitsConfig limits) {
    this(limits, new LocalOccupancy(io.roomcast.core.hooks.Occupancy.NONE));
  }

  /**
   * @param occupancy told of each connection of a user and of each bridge registration of a room
   */
  public ConnectionRegistry(LimitsConfig limits, LocalOccupancy occupancy) {
    this.limits = limits;
    this.occupancy = occupancy;
  }

  /**
   * Whether one more connection of {@code user} from {@code ip} fits this node's limits (checked
   * before a connection is accepted; {@link #register} counts it).
   */
  public boolean admits(String user, String ip) {
    return perUser.getOrDefault(user, 0) < limits.connectionsPerUser()
        && perIp.getOrDefault(ip, 0) < limits.connectionsPerIp();
  }

  /** Makes a connection reachable by id for point-to-point pushes, and counts it. */
  public void register(LocalConnection connection, String user, String ip) {
    byId.put(connection.id(), connection);
    byUser.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet()).add(connection);
    perUser.merge(user, 1, Integer::sum);
    occupancy.userAdded(user);
    perIp.merge(ip, 1, Integer::sum);
  }

  public void unregister(String connectionId, String user, String ip) {
    LocalConnection gone = byId.remove(connectionId);
    if (gone != null) {
      byUser.computeIfPresent(user, (k, set) -> set.remove(gone) && set.isEmpty() ? null : set);
      perUser.computeIfPresent(user, (k, n) -> n == 1 ? null : n - 1);
      occupancy.userRemoved(user);
      perIp.computeIfPresent(ip, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** The local connection with that id, or null. */
  public LocalConnection connection(String connectionId) {
    return byId.get(connectionId);
  }

  /** The user's connections on this node. */
  public List<LocalConnection> ofUser(String user) {
    Set<LocalConnection> set = byUser.get(user);
    return set == null ? List.of() : List.copyOf(set);
  }

  /** Every connection on this node, for broadcasts. */
  public java.util.Collection<LocalConnection> all() {
    return byId.values();
  }

  /** SockJS bridge sockets registered on an address here (they use the bridge's own consumers). */
  public int bridgeRegistrations(String address) {
    Integer n = bridgeRegistrations.get(address);
    return n == null ? 0 : n;
  }

  public void bridgeRegistered(String address, int delta) {
    Integer now = bridgeRegistrations.merge(address, delta, (a, b) -> a + b == 0 ? null : a + b);
    String room = Addresses.roomOf(address);
    if (now != null && now == delta && delta > 0) {
      occupancy.roomAdded(room);
    } else if (now == null && delta < 0) {
      occupancy.roomRemoved(room);
    }
  }
}

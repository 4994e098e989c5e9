package io.roomcast.edge;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.client.CidIndex;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.config.AuthConfig;
import io.roomcast.core.config.EdgeConfig;
import io.roomcast.core.config.HooksConfig;
import io.roomcast.core.config.LimitsConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.hooks.Occupancy;
import io.roomcast.core.presence.PresenceClient;
import io.roomcast.core.rooms.RoomDirectory;
import io.roomcast.edge.connection.Admission;
import io.roomcast.edge.hooks.BackendCalls;
import io.roomcast.edge.hooks.ConnectProxy;
import io.roomcast.edge.hooks.SubscribeProxy;
import io.roomcast.edge.hub.ConnectionRegistry;
import io.roomcast.edge.hub.EdgeMetrics;
import io.roomcast.edge.hub.LocalOccupancy;
import io.roomcast.edge.hub.MembershipCatchUp;
import io.roomcast.edge.hub.NodeControl;
import io.roomcast.edge.hub.NodeHub;
import io.roomcast.edge.hub.NodePushes;
import io.roomcast.edge.hub.NodeRooms;
import io.roomcast.edge.hub.RoomMembers;
import io.roomcast.edge.hub.Timers;
import io.roomcast.edge.sockjs.FallbackSessions;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * What every {@link EdgeVerticle} instance of a node is given: its configuration, its
 * collaborators, and the node-wide part of the edge they all share (the hub, the connection
 * registry, the meters, the push and control consumers, the owners of SockJS sessions). Built once
 * per node by its wiring ({@link #create}). The hub types are internal to the edge.
 *
 * @param heartbeatMs how often the node renews its presence lease
 * @param rooms the rooms created through the api (publishes into others may be refused)
 * @param admission what every subscription to an exact room must pass
 * @param cids which connection holds each client-chosen id, cluster-wide
 * @param connectProxy who a browser without a token is, as the backend says; null when not set
 * @param members which local connections are in which room
 * @param nodeRooms the node's consumers for room deletions and the cluster-wide room census
 */
public record EdgeServices(
    EdgeConfig edge,
    LimitsConfig limits,
    AuthConfig auth,
    long heartbeatMs,
    String nodeId,
    HistoryStore history,
    RoomcastClient client,
    PresenceClient presence,
    RoomDirectory rooms,
    Admission admission,
    Clock clock,
    NodeHub hub,
    ConnectionRegistry connections,
    EdgeMetrics metrics,
    NodePushes pushes,
    CidIndex cids,
    FallbackSessions sessions,
    NodeControl control,
    RoomMembers members,
    NodeRooms nodeRooms,
    ConnectProxy connectProxy) {

  /**
   * Builds the node-wide part of the edge around its collaborators.
   *
   * @param departures the node's membership listener: a member leaving makes room topics catch up
   * @param occupancy the cluster's view of occupied rooms and online users, told of this node's
   */
  public static EdgeServices create(
      Vertx vertx,
      RoomcastConfig config,
      String nodeId,
      HistoryStore history,
      NamespaceDirectory namespaces,
      MeterRegistry registry,
      PresenceClient presence,
      RoomcastClient client,
      RoomDirectory rooms,
      Clock clock,
      Departures departures,
      CidIndex cids,
      Occupancy occupancy) {
    EdgeMetrics metrics = new EdgeMetrics(registry);
    Timers timers = Timers.on(vertx);
    LocalOccupancy local = new LocalOccupancy(occupancy);
    NodeHub hub =
        new NodeHub(
            vertx, history, config.history().holdMillis(), timers, namespaces, metrics, local);
    MembershipCatchUp.listen(departures, hub, timers);
    ConnectionRegistry connections = new ConnectionRegistry(config.limits(), local);
    RoomMembers members = new RoomMembers();
    HooksConfig hooks = config.hooks();
    BackendCalls calls =
        hooks.subscribeUrl() != null || hooks.connectUrl() != null
            ? new BackendCalls(vertx, hooks, clock)
            : null;
    Admission admission = Admission.existing(rooms);
    if (hooks.subscribeUrl() != null) {
      admission =
          admission.then(
              new SubscribeProxy(calls, hooks.subscribeUrl(), hooks.cacheSeconds(), clock));
    }
    return new EdgeServices(
        config.edge(),
        config.limits(),
        config.auth(),
        config.presence().heartbeatSeconds() * 1000L,
        nodeId,
        history,
        client,
        presence,
        rooms,
        admission,
        clock,
        hub,
        connections,
        metrics,
        new NodePushes(vertx.eventBus(), nodeId, hub, connections),
        cids,
        new FallbackSessions(),
        new NodeControl(vertx.eventBus(), nodeId, connections),
        members,
        new NodeRooms(vertx.eventBus(), nodeId, hub, members),
        hooks.connectUrl() != null ? new ConnectProxy(calls, hooks.connectUrl()) : null);
  }
}

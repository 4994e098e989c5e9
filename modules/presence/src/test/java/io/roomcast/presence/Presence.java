package io.roomcast.presence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.client.RoomEvents;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.presence.PresenceCommand;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Drives a presence service over the bus, the way edges and ingress do, and reads its answers. */
final class Presence {
  private static final AtomicLong SEQ = new AtomicLong();

  final Vertx vertx;
  final String node;

  Presence(Vertx vertx, String node) {
    this.vertx = vertx;
    this.node = node;
  }

  /** Deploys a presence verticle on {@code vertx} with the test config plus {@code presence}. */
  static PresenceVerticle deploy(Vertx vertx, String cluster, Clock clock, JsonObject presence) {
    JsonObject config = TestConfig.node(cluster).put("presence", presence);
    Departures departures = Departures.listen(vertx);
    PresenceVerticle verticle =
        new PresenceVerticle(
            RoomcastConfig.from(config).presence(),
            new RoomEvents(vertx.eventBus(), NamespaceDirectory.of(vertx, departures)),
            new SimpleMeterRegistry(),
            clock,
            departures);
    Await.result(vertx.deployVerticle(verticle));
    return verticle;
  }

  List<String> join(String room, String user, String connection) {
    return send(new PresenceCommand.Join(room, user, connection, node, SEQ.incrementAndGet()));
  }

  List<String> leave(String room, String user, String connection) {
    return send(new PresenceCommand.Leave(room, user, connection, node, SEQ.incrementAndGet()));
  }

  List<String> status(String room, String user, String connection, String status) {
    return send(new PresenceCommand.Status(room, user, connection, status));
  }

  List<String> typing(String room, String user, boolean typing) {
    return send(new PresenceCommand.Typing(room, user, "c-typing", typing));
  }

  List<String> read(String room, String user, String eventId) {
    return send(new PresenceCommand.Read(room, user, null, eventId));
  }

  /** Renews this node's lease, as its edges do every heartbeat period. */
  List<String> heartbeat() {
    return send(new PresenceCommand.Heartbeat(node));
  }

  /** Sends with request; the event types the command caused, from the reply. */
  List<String> send(PresenceCommand cmd) {
    JsonObject ack =
        Await.result(vertx.eventBus().<JsonObject>request(Addresses.PRESENCE_COMMAND, cmd)).body();
    return ack.getJsonArray("events").stream().map(String.class::cast).toList();
  }

  JsonObject snapshot(String room) {
    return Await.result(
            vertx
                .eventBus()
                .<JsonObject>request(
                    Addresses.PRESENCE_SNAPSHOT, new JsonObject().put("room", room)))
        .body();
  }

  /** Types of the changes in {@code room}, from a sweep's result. */
  static List<String> typesIn(String room, List<Change> changes) {
    return changes.stream().filter(c -> c.room().equals(room)).map(Change::type).toList();
  }
}

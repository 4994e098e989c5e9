package io.roomcast.presence;

import io.roomcast.core.Addresses;
import io.roomcast.core.presence.PresenceCommand;
import io.roomcast.core.presence.PresenceCommand.Op;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
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
    PresenceVerticle verticle = new PresenceVerticle(clock);
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    return verticle;
  }

  List<String> join(String room, String user, String connection) {
    return send(
        new PresenceCommand(Op.JOIN, room, user, connection, node, null, SEQ.incrementAndGet()));
  }

  List<String> leave(String room, String user, String connection) {
    return send(
        new PresenceCommand(Op.LEAVE, room, user, connection, node, null, SEQ.incrementAndGet()));
  }

  List<String> status(String room, String user, String connection, String status) {
    return send(new PresenceCommand(Op.STATUS, room, user, connection, null, status));
  }

  List<String> typing(String room, String user, boolean typing) {
    return send(
        new PresenceCommand(Op.TYPING, room, user, "c-typing", null, Boolean.toString(typing)));
  }

  List<String> read(String room, String user, String eventId) {
    return send(new PresenceCommand(Op.READ, room, user, null, null, eventId));
  }

  /** Renews this node's lease, as its edges do every heartbeat period. */
  List<String> heartbeat() {
    return send(new PresenceCommand(Op.HEARTBEAT, null, null, null, node, null));
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

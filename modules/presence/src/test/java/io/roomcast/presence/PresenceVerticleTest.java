package io.roomcast.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.client.NamespaceDirectory;
import io.roomcast.core.client.RoomEvents;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.presence.PresenceCommand;
import io.roomcast.history.ReplicatedHistoryStore;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence rules on one real clustered node. Time is the injected clock, and sweeps run when a test
 * calls them, so every expiry is checked to the millisecond.
 */
class PresenceVerticleTest {
  private static final AtomicInteger ROOMS = new AtomicInteger();
  private static final MutableClock clock = new MutableClock();
  private static TestCluster cluster;
  private static Vertx vertx;
  private static PresenceVerticle verticle;
  private static Presence presence;

  @BeforeAll
  static void start() {
    cluster = new TestCluster();
    vertx = cluster.member();
    verticle =
        Presence.deploy(
            vertx,
            cluster.name(),
            clock,
            new JsonObject()
                .put("ttlSeconds", 45)
                .put("heartbeatSeconds", 15)
                .put("typingSeconds", 6)
                .put("offlineGraceSeconds", 5)
                .put("sweepMillis", 60_000)); // sweeps only when a test asks
    presence = new Presence(vertx, Clusters.nodeId(vertx));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static String room() {
    return "room-" + ROOMS.incrementAndGet();
  }

  private static List<String> sweep(String room) {
    return Presence.typesIn(room, Await.result(verticle.tick()));
  }

  @Test
  void a_users_first_connection_announces_join_and_online_without_a_seq() {
    String room = room();
    try (Recorder events = Recorder.room(vertx, room)) {
      assertEquals(List.of("join", "presence.online"), presence.join(room, "alice", "c-1"));

      Envelope join = events.next();
      Envelope online = events.next();
      assertEquals("join", join.type());
      assertEquals("alice", join.user());
      assertEquals("c-1", join.connection());
      assertEquals(room, join.room());
      assertNull(join.seq());
      assertEquals("presence.online", online.type());
      assertEquals("online", online.data().getString("status"));
      assertNull(online.seq());
    }
  }

  @Test
  void presence_events_also_reach_the_rooms_wildcard_namespaces() {
    String room = "support:eu:" + ROOMS.incrementAndGet();
    try (Recorder all = Recorder.address(vertx, Addresses.namespace(""));
        Recorder support = Recorder.address(vertx, Addresses.namespace("support:"))) {
      presence.join(room, "alice", "c-1");
      // the namespaces also carry other tests' rooms: wait for this room's announcement
      for (Recorder namespace : List.of(all, support)) {
        List<Envelope> seen =
            namespace.until(e -> room.equals(e.room()) && e.type().equals("presence.online"));
        assertEquals(room, seen.get(seen.size() - 1).room());
      }
    }
  }

  @Test
  void a_second_tab_does_not_announce_the_user_again() {
    String room = room();
    presence.join(room, "alice", "c-1");
    assertEquals(List.of(), presence.join(room, "alice", "c-2"));
    assertEquals(2, member(presence.snapshot(room), "alice").getInteger("connections"));
  }

  @Test
  void closing_one_of_two_tabs_announces_nothing_even_after_the_grace_period() {
    String room = room();
    presence.join(room, "alice", "c-1");
    presence.join(room, "alice", "c-2");
    assertEquals(List.of(), presence.leave(room, "alice", "c-1"));
    clock.advance(Duration.ofSeconds(6));
    assertEquals(List.of(), sweep(room));
    assertEquals(1, member(presence.snapshot(room), "alice").getInteger("connections"));
  }

  @Test
  void closing_the_last_tab_announces_offline_and_leave_exactly_when_the_grace_period_ends() {
    String room = room();
    presence.join(room, "alice", "c-1");
    assertEquals(List.of(), presence.leave(room, "alice", "c-1"));
    clock.advance(Duration.ofMillis(4999));
    assertEquals(List.of(), sweep(room));
    try (Recorder events = Recorder.room(vertx, room)) {
      clock.advance(Duration.ofMillis(1));
      assertEquals(List.of("presence.offline", "leave"), sweep(room));
      Envelope offline = events.next();
      assertEquals("presence.offline", offline.type());
      assertEquals("alice", offline.user());
      assertEquals("offline", offline.data().getString("status"));
      assertEquals("leave", events.next().type());
    }
    assertEquals(new JsonArray(), presence.snapshot(room).getJsonArray("users"));
  }

  @Test
  void a_reconnect_within_the_grace_period_does_not_flap_the_user() {
    String room = room();
    presence.join(room, "alice", "c-1");
    presence.leave(room, "alice", "c-1");
    clock.advance(Duration.ofSeconds(3));
    assertEquals(List.of(), presence.join(room, "alice", "c-2"));
    clock.advance(Duration.ofSeconds(10));
    assertEquals(List.of(), sweep(room));
    assertEquals("online", member(presence.snapshot(room), "alice").getString("status"));
  }

  @Test
  void a_user_is_away_only_when_every_connection_is_away_and_online_again_when_one_is_back() {
    String room = room();
    presence.join(room, "alice", "c-1");
    presence.join(room, "alice", "c-2");
    assertEquals(List.of(), presence.status(room, "alice", "c-1", "away"));
    assertEquals(List.of("presence.away"), presence.status(room, "alice", "c-2", "away"));
    assertEquals("away", member(presence.snapshot(room), "alice").getString("status"));
    assertEquals(List.of("presence.online"), presence.status(room, "alice", "c-1", "online"));
  }

  @Test
  void a_leave_that_overtakes_its_join_keeps_the_connection_out() {
    String room = room();
    PresenceCommand join = new PresenceCommand.Join(room, "alice", "c-1", presence.node, 7);
    PresenceCommand leave = new PresenceCommand.Leave(room, "alice", "c-1", presence.node, 8);
    assertEquals(List.of(), presence.send(leave));
    assertEquals(List.of(), presence.send(join));
    assertEquals(new JsonArray(), presence.snapshot(room).getJsonArray("users"));
  }

  @Test
  void typing_starts_once_and_a_refresh_does_not_rebroadcast() {
    String room = room();
    try (Recorder events = Recorder.room(vertx, room)) {
      assertEquals(List.of("typing.start"), presence.typing(room, "alice", true));
      assertEquals(List.of(), presence.typing(room, "alice", true));
      Envelope start = events.next();
      assertEquals("typing.start", start.type());
      assertEquals("alice", start.user());
    }
    assertEquals(new JsonArray().add("alice"), presence.snapshot(room).getJsonArray("typing"));
  }

  @Test
  void typing_stops_exactly_when_its_ttl_passes_without_a_refresh() {
    String room = room();
    presence.typing(room, "alice", true);
    clock.advance(Duration.ofSeconds(4));
    presence.typing(room, "alice", true); // refresh: ends 6 s from here
    clock.advance(Duration.ofMillis(5999));
    assertEquals(List.of(), sweep(room));
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of("typing.stop"), sweep(room));
    assertEquals(new JsonArray(), presence.snapshot(room).getJsonArray("typing"));
  }

  @Test
  void an_explicit_stop_announces_typing_stop_once() {
    String room = room();
    presence.typing(room, "alice", true);
    assertEquals(List.of("typing.stop"), presence.typing(room, "alice", false));
    assertEquals(List.of(), presence.typing(room, "alice", false));
  }

  @Test
  void publishing_a_message_ends_the_publishers_typing() {
    String room = room();
    RoomcastClient client =
        RoomcastClient.create(
            vertx,
            new ReplicatedHistoryStore(vertx, HistoryConfig.defaults()),
            new RoomEvents(
                vertx.eventBus(), NamespaceDirectory.of(vertx, Departures.listen(vertx))),
            new SimpleMeterRegistry());
    try (Recorder events = Recorder.room(vertx, room)) {
      Await.result(client.publishTyping(room, "alice", "c-1", true));
      Await.result(
          client.publish(new EventDraft(room, "message", new JsonObject(), "alice", "c-1")));
      // three events from two publishers (the client and presence): order is not promised
      Set<String> types = new HashSet<>();
      for (Envelope e : events.take(3)) {
        types.add(e.type());
        assertEquals("alice", e.user());
      }
      assertEquals(Set.of("typing.start", "message", "typing.stop"), types);
    }
    assertEquals(new JsonArray(), presence.snapshot(room).getJsonArray("typing"));
  }

  @Test
  void a_read_receipt_is_announced_and_shows_in_a_late_joiners_snapshot() {
    String room = room();
    try (Recorder events = Recorder.room(vertx, room)) {
      assertEquals(List.of("read"), presence.read(room, "alice", "01JD-event-41"));
      Envelope read = events.next();
      assertEquals("read", read.type());
      assertEquals("01JD-event-41", read.data().getString("event_id"));
    }
    assertEquals(List.of(), presence.read(room, "alice", "01JD-event-41"));
    presence.read(room, "alice", "01JD-event-42");

    presence.join(room, "bob", "c-late");
    JsonObject snapshot = presence.snapshot(room);
    assertEquals(
        new JsonArray().add(new JsonObject().put("user", "alice").put("event_id", "01JD-event-42")),
        snapshot.getJsonArray("receipts"));
  }

  @Test
  void the_snapshot_has_users_with_status_and_connection_counts_typers_and_receipts() {
    String room = room();
    presence.join(room, "alice", "c-1");
    presence.join(room, "alice", "c-2");
    presence.join(room, "bob", "c-3");
    presence.status(room, "bob", "c-3", "away");
    presence.typing(room, "bob", true);
    presence.read(room, "alice", "e-9");

    JsonObject snapshot = presence.snapshot(room);
    assertEquals(room, snapshot.getString("room"));
    assertEquals(
        Set.of(
            new JsonObject().put("user", "alice").put("status", "online").put("connections", 2),
            new JsonObject().put("user", "bob").put("status", "away").put("connections", 1)),
        users(snapshot));
    assertEquals(new JsonArray().add("bob"), snapshot.getJsonArray("typing"));
    assertEquals(
        new JsonArray().add(new JsonObject().put("user", "alice").put("event_id", "e-9")),
        snapshot.getJsonArray("receipts"));
  }

  @Test
  void an_unknown_room_has_an_empty_snapshot() {
    JsonObject snapshot = presence.snapshot(room());
    assertEquals(new JsonArray(), snapshot.getJsonArray("users"));
    assertEquals(new JsonArray(), snapshot.getJsonArray("typing"));
    assertEquals(new JsonArray(), snapshot.getJsonArray("receipts"));
  }

  @Test
  void a_nodes_connections_expire_when_its_lease_lapses_and_a_renewed_nodes_stay() {
    String room = room();
    Presence kept = new Presence(vertx, "node-kept-" + room);
    Presence frozen = new Presence(vertx, "node-frozen-" + room); // e.g. kill -STOP
    kept.heartbeat();
    frozen.heartbeat();
    kept.join(room, "alice", "c-kept");
    frozen.join(room, "bob", "c-lost");
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(15));
      kept.heartbeat();
      assertEquals(List.of(), sweep(room));
    }
    clock.advance(Duration.ofMillis(1)); // bob's node unheard of for 45.001 s
    assertEquals(List.of(), sweep(room)); // his grace period starts now
    clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of("presence.offline", "leave"), sweep(room));
    JsonArray users = presence.snapshot(room).getJsonArray("users");
    assertEquals(1, users.size());
    assertEquals("alice", users.getJsonObject(0).getString("user"));
  }

  @Test
  void a_backend_may_set_a_users_status_without_a_connection_until_the_ttl() {
    String room = room();
    assertEquals(List.of("join", "presence.away"), presence.status(room, "carol", null, "away"));
    clock.advance(Duration.ofSeconds(46));
    sweep(room);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of("presence.offline", "leave"), sweep(room));
  }

  @Test
  void a_backend_status_applies_to_all_of_the_users_connections() {
    String room = room();
    presence.join(room, "alice", "c-1");
    presence.join(room, "alice", "c-2");
    assertEquals(List.of("presence.away"), presence.status(room, "alice", null, "away"));
    assertEquals(2, member(presence.snapshot(room), "alice").getInteger("connections"));
  }

  @Test
  void invalid_commands_are_refused_with_a_coded_failure() {
    ReplyException e = failure(request(new PresenceCommand.Status(room(), "alice", "c-1", "busy")));
    assertEquals(400, e.failureCode());
    assertTrue(e.getMessage().startsWith("invalid_data:"), e.getMessage());

    e = failure(request(new PresenceCommand.Join("bad room", "alice", "c-1", null, 0)));
    assertTrue(e.getMessage().startsWith("invalid_room:"), e.getMessage());

    e =
        failure(
            vertx
                .eventBus()
                .request(Addresses.PRESENCE_SNAPSHOT, new JsonObject().put("room", "a..b")));
    assertEquals(400, e.failureCode());
  }

  private static Future<?> request(PresenceCommand cmd) {
    return vertx.eventBus().request(Addresses.PRESENCE_COMMAND, cmd);
  }

  private static ReplyException failure(Future<?> f) {
    try {
      Await.result(f);
    } catch (ReplyException expected) {
      return expected;
    }
    throw new AssertionError("accepted, expected a refusal");
  }

  @Test
  void a_10000_member_rooms_snapshot_lists_every_member() {
    String room = room();
    int members = 10_000;
    long t0 = System.nanoTime();
    List<Future<?>> window = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      window.add(
          vertx
              .eventBus()
              .request(
                  Addresses.PRESENCE_COMMAND,
                  new PresenceCommand.Join(room, "u" + i, "c-" + i, presence.node, i + 1)));
      if (window.size() == 500) {
        Await.result(Future.all(window));
        window.clear();
      }
    }
    Await.result(Future.all(window));
    long joined = System.nanoTime();

    JsonObject snapshot = presence.snapshot(room);
    long answered = System.nanoTime();
    List<Long> warm = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      presence.snapshot(room);
      warm.add((System.nanoTime() - t) / 1_000_000);
    }
    long changing = System.nanoTime();
    List<String> change = presence.status(room, "u77", "c-77", "away");
    long changed = System.nanoTime();

    JsonArray users = snapshot.getJsonArray("users");
    assertEquals(members, users.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < users.size(); i++) {
      JsonObject u = users.getJsonObject(i);
      names.add(u.getString("user"));
      assertEquals("online", u.getString("status"));
      assertEquals(1, u.getInteger("connections"));
    }
    assertEquals(members, names.size());
    assertEquals(List.of("presence.away"), change);
    System.out.printf(
        "10k room: %d joins in %d ms; first snapshot %d ms, then %s ms; one status change %d ms%n",
        members,
        (joined - t0) / 1_000_000,
        (answered - joined) / 1_000_000,
        warm,
        (changed - changing) / 1_000_000);
  }

  private static Set<JsonObject> users(JsonObject snapshot) {
    Set<JsonObject> out = new HashSet<>();
    snapshot.getJsonArray("users").forEach(u -> out.add((JsonObject) u));
    return out;
  }

  private static JsonObject member(JsonObject snapshot, String user) {
    JsonArray users = snapshot.getJsonArray("users");
    for (int i = 0; i < users.size(); i++) {
      if (users.getJsonObject(i).getString("user").equals(user)) {
        return users.getJsonObject(i);
      }
    }
    throw new AssertionError(user + " not in " + snapshot.encode());
  }
}

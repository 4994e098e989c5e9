package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.Addresses;
import io.roomcast.core.event.Envelope;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.SseClient.Event;
import io.roomcast.testing.TestConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Presence through the doors: SSE subscribers, and backends on the REST api. */
class PresenceApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger ROOMS = new AtomicInteger();
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(TestConfig.clusterName());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String room() {
    return "presence-" + ROOMS.incrementAndGet();
  }

  private static HttpResponse<Buffer> get(String path, String bearer) {
    return Await.result(
        node.http
            .get(node.node.apiPort(), "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + bearer)
            .send());
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  /** Room events as the bus carries them, for the test thread. */
  private static final class Events implements AutoCloseable {
    final BlockingQueue<Envelope> queue = new LinkedBlockingQueue<>();
    final MessageConsumer<JsonObject> consumer;

    Events(String room) {
      consumer =
          node.vertx()
              .eventBus()
              .consumer(Addresses.room(room), m -> queue.add(Envelope.fromJson(m.body())));
      Await.result(consumer.completion());
    }

    Envelope next() throws InterruptedException {
      Envelope e = queue.poll(10, TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("no room event within 10 s");
      }
      return e;
    }

    @Override
    public void close() {
      Await.result(consumer.unregister());
    }
  }

  private static Event nextOfType(SseClient sse, String type) {
    while (true) {
      Event e = sse.nextEvent(WAIT);
      if (e.event().equals(type)) {
        return e;
      }
    }
  }

  @Test
  void an_sse_subscriber_is_announced_to_the_room_and_listed_in_later_snapshots() {
    String room = room();
    try (SseClient alice = node.sse(path(room, "alice"))) {
      Event own = nextOfType(alice, "presence.online");
      assertEquals("alice", own.json().getString("user"));

      try (SseClient bob = node.sse(path(room, "bob"))) {
        JsonObject snapshot = bob.nextEvent(WAIT).json();
        // bob's own join may already be in it too: find alice, whatever the order
        JsonObject listed =
            snapshot.getJsonArray("users").stream()
                .map(JsonObject.class::cast)
                .filter(u -> "alice".equals(u.getString("user")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("alice not listed: " + snapshot.encode()));
        assertEquals("online", listed.getString("status"));
        assertEquals(1, listed.getInteger("connections"));

        assertEquals("join", nextOfType(alice, "join").event());
        assertEquals("bob", nextOfType(alice, "presence.online").json().getString("user"));
      }
    }
  }

  private static String path(String room, String user) {
    return "/rooms/" + room + "/events?token=" + node.token(user, List.of(room), List.of());
  }

  @Test
  void the_api_key_may_mark_any_user_typing_and_the_room_hears_it() throws Exception {
    String room = room();
    try (Events events = new Events(room)) {
      HttpResponse<Buffer> r =
          node.post("/api/rooms/" + room + "/typing", "{\"user\":\"alice\",\"typing\":true}");
      assertEquals(202, r.statusCode(), r.bodyAsString());
      Envelope e = events.next();
      assertEquals("typing.start", e.type());
      assertEquals("alice", e.user());
    }
    JsonObject snapshot = node.get("/api/rooms/" + room + "/presence").bodyAsJsonObject();
    assertEquals(new JsonArray().add("alice"), snapshot.getJsonArray("typing"));
  }

  @Test
  void the_presence_query_lists_users_with_status_and_connection_counts() {
    String room = room();
    assertEquals(
        202,
        node.post("/api/rooms/" + room + "/presence", "{\"user\":\"carol\",\"status\":\"away\"}")
            .statusCode());
    HttpResponse<Buffer> r = node.get("/api/rooms/" + room + "/presence");
    assertEquals(200, r.statusCode());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(room, body.getString("room"));
    assertEquals(
        new JsonArray()
            .add(new JsonObject().put("user", "carol").put("status", "away").put("connections", 1)),
        body.getJsonArray("users"));
  }

  @Test
  void a_read_receipt_from_a_backend_is_announced_and_kept() throws Exception {
    String room = room();
    try (Events events = new Events(room)) {
      assertEquals(
          202,
          node.post("/api/rooms/" + room + "/read", "{\"user\":\"dave\",\"event_id\":\"e-12\"}")
              .statusCode());
      Envelope e = events.next();
      assertEquals("read", e.type());
      assertEquals("e-12", e.data().getString("event_id"));
    }
    assertEquals(
        new JsonArray().add(new JsonObject().put("user", "dave").put("event_id", "e-12")),
        node.get("/api/rooms/" + room + "/presence").bodyAsJsonObject().getJsonArray("receipts"));
  }

  @Test
  void a_user_token_may_act_for_itself_in_rooms_it_may_subscribe_to() {
    String room = "team:" + ROOMS.incrementAndGet();
    String token = node.token("erin", List.of("team:*"), List.of());
    String path = "/api/rooms/" + room + "/typing";
    assertEquals(202, node.post(path, "{\"typing\":true}", token).statusCode());
    assertEquals(202, node.post(path, "{\"user\":\"erin\",\"typing\":false}", token).statusCode());
    assertEquals(200, get("/api/rooms/" + room + "/presence", token).statusCode());
  }

  @Test
  void a_user_token_may_not_act_for_someone_else() {
    String room = room();
    String token = node.token("erin", List.of(room), List.of());
    assertRefused(
        node.post("/api/rooms/" + room + "/typing", "{\"user\":\"frank\",\"typing\":true}", token),
        403,
        "forbidden");
  }

  @Test
  void a_user_token_may_not_act_or_look_in_rooms_outside_its_token() {
    String token = node.token("erin", List.of("team:*"), List.of());
    assertRefused(
        node.post("/api/rooms/elsewhere/presence", "{\"status\":\"away\"}", token),
        403,
        "forbidden");
    assertRefused(get("/api/rooms/elsewhere/presence", token), 403, "forbidden");
  }

  @Test
  void requests_without_credentials_are_refused() {
    assertRefused(
        node.post("/api/rooms/lobby/typing", "{\"user\":\"a\",\"typing\":true}", null),
        401,
        "unauthorized");
  }

  @ParameterizedTest(name = "{0} {1} is refused with {2} {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "typing   | {\"user\":\"a\",\"typing\":\"yes\"}     | 400 | invalid_data",
        "typing   | {\"typing\":true}                       | 400 | invalid_user",
        "typing   | {\"user\":\"a b\",\"typing\":true}      | 400 | invalid_user",
        "typing   | {\"user\":7,\"typing\":true}            | 400 | invalid_user",
        "typing   | {\"user\":\"a\"                         | 400 | invalid_json",
        "presence | {\"user\":\"a\",\"status\":\"busy\"}    | 400 | invalid_data",
        "presence | {\"user\":\"a\"}                        | 400 | invalid_data",
        "read     | {\"user\":\"a\",\"event_id\":7}         | 400 | invalid_data",
        "read     | {\"user\":\"a\",\"event_id\":\"\"}      | 400 | invalid_data",
      })
  void bad_input_is_refused_with_a_code(String op, String body, int status, String code) {
    assertRefused(node.post("/api/rooms/lobby/" + op, body), status, code);
  }

  @Test
  void an_invalid_room_is_refused() {
    assertRefused(
        node.post("/api/rooms/a..b/typing", "{\"user\":\"a\",\"typing\":true}"),
        400,
        "invalid_room");
    assertRefused(node.get("/api/rooms/a..b/presence"), 400, "invalid_room");
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rooms that must exist, on two nodes of one cluster with {@code rooms.requireCreated} on. */
class RoomsApiTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static List<TestNode> nodes;

  @BeforeAll
  static void start() {
    String cluster = TestConfig.clusterName();
    nodes =
        List.of(
            TestNode.start(cluster, RoomsApiTest::requireCreated),
            TestNode.start(cluster, RoomsApiTest::requireCreated));
  }

  private static void requireCreated(JsonObject config) {
    config.put("rooms", new JsonObject().put("requireCreated", true));
  }

  @AfterAll
  static void stop() {
    nodes.forEach(TestNode::close);
  }

  @Test
  void creating_a_room_answers_201_then_200_on_any_node() {
    assertEquals(201, put(nodes.get(0), "/api/rooms/crud-a").statusCode());
    assertEquals(200, put(nodes.get(1), "/api/rooms/crud-a").statusCode());
    JsonObject info = nodes.get(1).get("/api/rooms/crud-a").bodyAsJsonObject();
    assertEquals("crud-a", info.getString("room"));
    assertEquals(true, info.getBoolean("created"));
    assertEquals(0, info.getInteger("subscribers"));
    assertEquals(0L, info.getLong("seq"));
  }

  @Test
  void a_room_never_created_is_not_found_on_info_and_publish() {
    HttpResponse<Buffer> info = nodes.get(0).get("/api/rooms/never-made");
    assertEquals(404, info.statusCode());
    assertEquals("room_not_found", code(info));
    HttpResponse<Buffer> publish =
        nodes.get(1).post("/api/rooms/never-made/events", "{\"type\":\"message\",\"data\":{}}");
    assertEquals(404, publish.statusCode());
    assertEquals("room_not_found", code(publish));
  }

  @Test
  void a_batch_refuses_only_the_events_of_rooms_not_created() {
    assertEquals(201, put(nodes.get(0), "/api/rooms/batch-made").statusCode());
    HttpResponse<Buffer> r =
        nodes
            .get(0)
            .post(
                "/api/publish",
                "{\"events\":[{\"room\":\"batch-made\",\"type\":\"message\",\"data\":{}},"
                    + "{\"room\":\"batch-never\",\"type\":\"message\",\"data\":{}}]}");
    assertEquals(200, r.statusCode());
    var results = r.bodyAsJsonObject().getJsonArray("results");
    assertEquals(1L, results.getJsonObject(0).getLong("seq"));
    assertEquals(
        "room_not_found", results.getJsonObject(1).getJsonObject("error").getString("code"));
  }

  @Test
  void deleting_a_room_drops_its_history_and_its_existence() {
    assertEquals(201, put(nodes.get(0), "/api/rooms/del-a").statusCode());
    nodes.get(1).publish("del-a", new JsonObject().put("text", "one"));
    String epoch = nodes.get(0).get("/api/rooms/del-a").bodyAsJsonObject().getString("epoch");
    assertEquals(204, delete(nodes.get(1), "/api/rooms/del-a").statusCode());
    assertEquals(404, nodes.get(0).get("/api/rooms/del-a").statusCode());
    assertEquals(201, put(nodes.get(0), "/api/rooms/del-a").statusCode());
    JsonObject history = nodes.get(0).get("/api/rooms/del-a/history").bodyAsJsonObject();
    assertEquals(0, history.getJsonArray("events").size());
    JsonObject after = nodes.get(1).publish("del-a", new JsonObject().put("text", "two"));
    assertEquals(1L, after.getLong("seq"));
    assertNotEquals(
        epoch, nodes.get(0).get("/api/rooms/del-a").bodyAsJsonObject().getString("epoch"));
  }

  @Test
  void rooms_are_managed_with_the_api_key_only() {
    String token = nodes.get(0).token("alice", List.of("*"), List.of("*"));
    var r =
        Await.result(
            nodes
                .get(0)
                .http
                .put(nodes.get(0).node.apiPort(), "127.0.0.1", "/api/rooms/mine")
                .putHeader("Authorization", "Bearer " + token)
                .send());
    assertEquals(403, r.statusCode());
    assertEquals(400, put(nodes.get(0), "/api/rooms/bad%20room").statusCode());
  }

  @Test
  void the_room_list_pages_rooms_with_subscribers_on_any_node_by_prefix_and_cursor() {
    for (String room : List.of("ls-a1", "ls-a2", "ls-b1", "ls-empty", "other-x")) {
      assertEquals(201, put(nodes.get(0), "/api/rooms/" + room).statusCode());
    }
    try (WsClient u1 = subscribed(nodes.get(0), "list-u1", "ls-a1", "ls-a2", "other-x");
        WsClient u1Elsewhere = subscribed(nodes.get(1), "list-u1", "ls-a1");
        WsClient u2 = subscribed(nodes.get(1), "list-u2", "ls-a2", "ls-b1")) {
      JsonObject first = list(nodes.get(0), "?prefix=ls-&limit=2");
      assertEquals(
          List.of(count("ls-a1", 2, 1), count("ls-a2", 2, 2)),
          first.getJsonArray("rooms").getList());
      String cursor = first.getString("cursor");
      assertNotNull(cursor);
      JsonObject second = list(nodes.get(1), "?prefix=ls-&limit=2&cursor=" + cursor);
      assertEquals(List.of(count("ls-b1", 1, 1)), second.getJsonArray("rooms").getList());
      assertTrue(second.containsKey("cursor"));
      assertNull(second.getValue("cursor"));
      assertFalse(second.containsKey("partial"));
      JsonObject all = list(nodes.get(1), "");
      assertTrue(all.getJsonArray("rooms").getList().contains(count("other-x", 1, 1)));
      // a room's info counts from the same census
      JsonObject info = nodes.get(1).get("/api/rooms/ls-a1").bodyAsJsonObject();
      assertEquals(2, info.getInteger("subscribers"));
      assertEquals(1, info.getInteger("users"));
    }
  }

  @Test
  void the_room_list_refuses_bad_parameters_with_400() {
    for (String bad :
        List.of(
            "?limit=0",
            "?limit=1001",
            "?limit=ten",
            "?limit=",
            "?cursor=%21%21",
            "?cursor=" + java.util.Base64.getUrlEncoder().encodeToString("no room".getBytes()))) {
      HttpResponse<Buffer> r = nodes.get(0).get("/api/rooms" + bad);
      assertEquals(400, r.statusCode(), bad);
      assertEquals("invalid_request", code(r), bad);
      assertNotNull(r.bodyAsJsonObject().getJsonObject("error").getString("message"));
    }
    HttpResponse<Buffer> prefix = nodes.get(0).get("/api/rooms?prefix=a%20b");
    assertEquals(400, prefix.statusCode());
    assertEquals("invalid_room", code(prefix));
    String token = nodes.get(0).token("alice", List.of("*"), List.of("*"));
    var r =
        Await.result(
            nodes
                .get(0)
                .http
                .get(nodes.get(0).node.apiPort(), "127.0.0.1", "/api/rooms")
                .putHeader("Authorization", "Bearer " + token)
                .send());
    assertEquals(403, r.statusCode());
  }

  private static WsClient subscribed(TestNode node, String user, String... rooms) {
    WsClient ws =
        WsClient.connect(
            node.vertx(), node.node.edgePort(), node.token(user, List.of("*"), List.of()));
    ws.next("welcome", WAIT);
    JsonObject ack =
        ws.call(
            new JsonObject().put("op", "subscribe").put("rooms", new JsonArray(List.of(rooms))),
            WAIT);
    assertEquals("ack", ack.getString("op"), ack.encode());
    return ws;
  }

  private static JsonObject list(TestNode node, String query) {
    HttpResponse<Buffer> r = node.get("/api/rooms" + query);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static Map<String, Object> count(String room, int subscribers, int users) {
    return Map.of("room", room, "subscribers", subscribers, "users", users);
  }

  private static HttpResponse<Buffer> put(TestNode node, String path) {
    return Await.result(
        node.http
            .put(node.node.apiPort(), "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + TestConfig.API_KEY)
            .send());
  }

  private static HttpResponse<Buffer> delete(TestNode node, String path) {
    return Await.result(
        node.http
            .delete(node.node.apiPort(), "127.0.0.1", path)
            .putHeader("Authorization", "Bearer " + TestConfig.API_KEY)
            .send());
  }

  private static String code(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject().getJsonObject("error").getString("code");
  }
}

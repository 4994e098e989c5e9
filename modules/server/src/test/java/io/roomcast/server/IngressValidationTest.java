package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.roomcast.testing.TestConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngressValidationTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            TestConfig.clusterName(), c -> c.getJsonObject("api").put("maxBodyBytes", 4096));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"));
    assertNotNull(error.getString("message"));
  }

  @Test
  void a_valid_publish_is_accepted_with_202_an_id_and_a_seq() {
    HttpResponse<Buffer> r =
        node.post("/api/rooms/lobby/events", "{\"type\":\"message\",\"data\":{\"text\":\"hi\"}}");
    assertEquals(202, r.statusCode());
    assertEquals(36, r.bodyAsJsonObject().getString("id").length());
    assertNotNull(r.bodyAsJsonObject().getLong("seq"));
  }

  @Test
  void seq_counts_up_per_room_independently() {
    long a1 = node.publish("seq-a", new JsonObject()).getLong("seq");
    long b1 = node.publish("seq-b", new JsonObject()).getLong("seq");
    long a2 = node.publish("seq-a", new JsonObject()).getLong("seq");
    assertEquals(1, a1);
    assertEquals(1, b1);
    assertEquals(2, a2);
  }

  @ParameterizedTest(name = "{0} is refused with {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"message\"                 | 400 | invalid_json",
        "[1,2,3]                               | 400 | invalid_json",
        "42                                    | 400 | invalid_json",
        "''                                    | 400 | invalid_json",
        "{\"data\":{}}                         | 400 | invalid_type",
        "{\"type\":7}                          | 400 | invalid_type",
        "{\"type\":\"has space\"}              | 400 | invalid_type",
        "{\"type\":\"line\\nbreak\"}           | 400 | invalid_type",
        "{\"type\":\"typing.start\"}           | 400 | invalid_type",
        "{\"type\":\"message\",\"data\":[1]}   | 400 | invalid_data",
        "{\"type\":\"message\",\"data\":\"x\"} | 400 | invalid_data",
      })
  void malformed_bodies_are_refused_with_a_code(String body, int status, String code) {
    assertRefused(node.post("/api/rooms/lobby/events", body), status, code);
  }

  @Test
  void a_type_longer_than_64_characters_is_refused() {
    String body = new JsonObject().put("type", "t".repeat(65)).encode();
    assertRefused(node.post("/api/rooms/lobby/events", body), 400, "invalid_type");
  }

  @Test
  void a_body_over_the_configured_limit_is_refused_with_413() {
    String body =
        new JsonObject()
            .put("type", "message")
            .put("data", new JsonObject().put("blob", "x".repeat(5000)))
            .encode();
    assertRefused(node.post("/api/rooms/lobby/events", body), 413, "payload_too_large");
  }

  @Test
  void invalid_utf8_is_refused_as_invalid_json() {
    Buffer body =
        Buffer.buffer("{\"type\":\"message\",\"data\":{\"t\":\"")
            .appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28})
            .appendString("\"}}");
    HttpResponse<Buffer> r =
        io.roomcast.testing.Await.result(
            node.http
                .post(node.node.apiPort(), "127.0.0.1", "/api/rooms/lobby/events")
                .putHeader("Authorization", "Bearer " + TestConfig.API_KEY)
                .sendBuffer(body));
    assertRefused(r, 400, "invalid_json");
  }

  @ParameterizedTest(name = "room {0} is refused")
  @CsvSource({"a..b", "has%20space", "nul%00byte", "x%2Fy", "%2E%2E"})
  void invalid_room_ids_are_refused_with_a_4xx_error(String room) {
    HttpResponse<Buffer> r = node.post("/api/rooms/" + room + "/events", "{\"type\":\"message\"}");
    // ".." segments are normalized away by the router (404); everything else is invalid_room
    assertEquals(room.equals("%2E%2E") ? 404 : 400, r.statusCode(), r.bodyAsString());
    assertNotNull(r.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  @Test
  void a_room_id_over_128_characters_is_refused() {
    assertRefused(
        node.post("/api/rooms/" + "r".repeat(129) + "/events", "{\"type\":\"message\"}"),
        400,
        "invalid_room");
  }

  @Test
  void a_publish_without_credentials_is_refused_with_401() {
    assertRefused(
        node.post("/api/rooms/lobby/events", "{\"type\":\"message\"}", null), 401, "unauthorized");
  }

  @Test
  void a_publish_with_a_wrong_api_key_is_refused_with_401() {
    assertRefused(
        node.post("/api/rooms/lobby/events", "{\"type\":\"message\"}", "not-the-key-0123456"),
        401,
        "unauthorized");
  }

  @Test
  void a_user_token_may_publish_only_into_rooms_of_its_pub_claim() {
    String token = node.token("dave", List.of("*"), List.of("team:*"));
    assertEquals(
        202, node.post("/api/rooms/team:1/events", "{\"type\":\"message\"}", token).statusCode());
    assertRefused(
        node.post("/api/rooms/lobby/events", "{\"type\":\"message\"}", token), 403, "forbidden");
  }

  @Test
  void an_unknown_path_answers_404_in_the_error_shape() {
    assertRefused(node.get("/api/nothing"), 404, "not_found");
  }

  @Test
  void health_is_up_with_the_cluster_check() {
    HttpResponse<Buffer> r = node.get("/health");
    assertEquals(200, r.statusCode());
    assertEquals("UP", r.bodyAsJsonObject().getString("status"));
  }
}

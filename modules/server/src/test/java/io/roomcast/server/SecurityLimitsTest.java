package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.Jwts;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecurityLimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> {
              c.put(
                  "limits",
                  new JsonObject()
                      .put("publishPerSecond", 1)
                      .put("publishBurst", 3)
                      .put("abuseLimit", 5)
                      .put("connectionsPerUser", 2));
              c.getJsonObject("edge")
                  .put("allowedOrigins", new JsonArray(List.of("https://good.example")));
              c.getJsonObject("api")
                  .put("corsOrigins", new JsonArray(List.of("https://good.example")));
            });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private WsClient ws(String token) {
    return WsClient.connect(node.vertx(), node.node.edgePort(), token);
  }

  private static JsonObject publish() {
    return new JsonObject().put("op", "publish").put("room", "rated").put("type", "message");
  }

  @Test
  void publishes_over_the_rate_are_refused_and_a_client_that_keeps_going_is_closed() {
    try (WsClient c = ws(node.token("flooder", List.of("*"), List.of("*")))) {
      c.next(WAIT);
      for (int i = 0; i < 3; i++) {
        assertEquals("ack", c.call(publish(), WAIT).getString("op"), "within the burst");
      }
      assertEquals("rate_limited", c.call(publish(), WAIT).getString("code"));
      for (int i = 0; i < 10; i++) {
        c.fire(publish());
      }
      assertEquals(4029, c.awaitClose(WAIT));
    }
  }

  @Test
  void a_flooding_connection_does_not_delay_another_connections_delivery() {
    String token = node.token("calm", List.of("calm-room"), List.of());
    try (WsClient flooder = ws(node.token("flood2", List.of("*"), List.of("*")));
        SseClient calm = node.sse("/rooms/calm-room/events?token=" + token)) {
      flooder.next(WAIT);
      calm.nextEvent(WAIT);
      for (int i = 0; i < 200; i++) {
        flooder.fire(publish());
      }
      JsonObject accepted = node.publish("calm-room", new JsonObject());
      assertEquals(accepted.getString("id"), calm.next("message", WAIT).json().getString("id"));
    }
  }

  @Test
  void connections_over_the_per_user_cap_are_refused_with_429() {
    String token = node.token("capped", List.of("*"), List.of());
    try (WsClient a = ws(token);
        WsClient b = ws(token)) {
      a.next(WAIT);
      b.next(WAIT);
      UpgradeRejectedException third =
          assertThrows(UpgradeRejectedException.class, () -> ws(token));
      assertEquals(429, third.getStatus());
      SseClient sse = node.sse("/rooms/x/events?token=" + token);
      assertEquals(429, sse.status());
      assertEquals(
          "too_many_connections", sse.errorBody().getJsonObject("error").getString("code"));
      sse.close();
    }
  }

  @Test
  void an_expired_connection_is_closed_with_a_code_that_asks_for_a_new_token() {
    String shortLived =
        Jwts.hs256(
            Jwts.claims("brief", List.of("*"), List.of()).put("exp", Jwts.now() + 2),
            TestConfig.JWT_SECRET);
    try (WsClient c = ws(shortLived)) {
      c.next(WAIT);
      JsonObject error = c.next("error", WAIT);
      assertEquals("token_expired", error.getString("code"));
      assertEquals(false, error.getBoolean("reconnect"));
      assertEquals(4101, c.awaitClose(WAIT));
    }
  }

  @Test
  void refreshing_the_token_in_place_keeps_the_connection_past_the_old_expiry() {
    String shortLived =
        Jwts.hs256(
            Jwts.claims("renewed", List.of("a", "b"), List.of()).put("exp", Jwts.now() + 2),
            TestConfig.JWT_SECRET);
    try (WsClient c = ws(shortLived)) {
      c.next(WAIT);
      c.call(
          new JsonObject().put("op", "subscribe").put("rooms", new JsonArray(List.of("a", "b"))),
          WAIT);
      String fresh = node.token("renewed", List.of("a"), List.of());
      JsonObject ack = c.call(new JsonObject().put("op", "refresh").put("token", fresh), WAIT);
      assertEquals("ack", ack.getString("op"));
      assertEquals(new JsonArray(List.of("b")), ack.getJsonArray("dropped"));
      // well past the first token's expiry, the socket still answers
      long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      while (System.nanoTime() < until) {
        c.poll(Duration.ofMillis(200));
      }
      assertEquals("pong", c.call(new JsonObject().put("op", "ping"), WAIT).getString("op"));
      String other = node.token("someone-else", List.of("*"), List.of());
      assertEquals(
          "forbidden",
          c.call(new JsonObject().put("op", "refresh").put("token", other), WAIT)
              .getString("code"));
    }
  }

  @Test
  void websocket_and_sockjs_refuse_origins_outside_the_allow_list() {
    String token = node.token("origin", List.of("*"), List.of());
    UpgradeRejectedException ws =
        assertThrows(
            UpgradeRejectedException.class,
            () ->
                WsClient.connect(
                    node.vertx(),
                    node.node.edgePort(),
                    "/ws?token=" + token,
                    "https://evil.example"));
    assertEquals(403, ws.getStatus());
    assertThrows(
        UpgradeRejectedException.class,
        () ->
            WsClient.connect(
                node.vertx(),
                node.node.edgePort(),
                "/eventbus/websocket?token=" + token,
                "https://evil.example"));
    WsClient.connect(
            node.vertx(), node.node.edgePort(), "/ws?token=" + token, "https://good.example")
        .close();
  }

  @Test
  void the_api_answers_cors_preflights_for_allowed_origins_only() {
    var good =
        Await.result(
            node.http
                .request(
                    HttpMethod.OPTIONS, node.node.apiPort(), "127.0.0.1", "/api/rooms/x/events")
                .putHeader("Origin", "https://good.example")
                .putHeader("Access-Control-Request-Method", "POST")
                .send());
    assertEquals("https://good.example", good.getHeader("Access-Control-Allow-Origin"));
    var evil =
        Await.result(
            node.http
                .request(
                    HttpMethod.OPTIONS, node.node.apiPort(), "127.0.0.1", "/api/rooms/x/events")
                .putHeader("Origin", "https://evil.example")
                .putHeader("Access-Control-Request-Method", "POST")
                .send());
    assertTrue(evil.getHeader("Access-Control-Allow-Origin") == null, "no CORS grant for evil");
  }
}

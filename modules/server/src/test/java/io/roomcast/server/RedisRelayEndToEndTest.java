package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.RedisProcess;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.SseClient.Event;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two full nodes with the Redis relay on, a real redis-server, browsers on SSE. */
class RedisRelayEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static RedisProcess redis;
  private static TestNode east;
  private static TestNode west;
  private static Vertx outside;
  private static Redis service;

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
    String cluster = TestConfig.clusterName();
    JsonObject relay =
        new JsonObject()
            .put("url", redis.url())
            .put("reconnectBaseMs", 50)
            .put("reconnectCapMs", 1000);
    east = TestNode.start(cluster, c -> c.put("redis", relay.copy()));
    west = TestNode.start(cluster, c -> c.put("redis", relay.copy()));
    outside = Vertx.vertx();
    service = Redis.createClient(outside, redis.url());
    Await.until(WAIT, "healthy with Redis", () -> east.get("/health").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    Await.result(service.close());
    Await.result(outside.close());
    east.close();
    west.close();
    redis.close();
  }

  @Test
  void a_redis_publish_reaches_sse_subscribers_on_two_nodes_exactly_once() {
    try (SseClient onEast = open(east, "from-redis");
        SseClient onWest = open(west, "from-redis")) {
      List<SseClient> browsers = List.of(onEast, onWest);
      for (SseClient sse : browsers) {
        assertEquals("snapshot", sse.nextEvent(WAIT).event());
      }
      Await.until(
          WAIT,
          "a probe on both nodes' browsers",
          () -> {
            publish("roomcast:room:from-redis", new JsonObject().put("type", "probe"));
            return browsers.stream().allMatch(sse -> sawType(sse, "probe"));
          });

      publish(
          "roomcast:room:from-redis",
          new JsonObject()
              .put("type", "message")
              .put("data", new JsonObject().put("text", "hello from a worker")));
      publish("roomcast:room:from-redis", new JsonObject().put("type", "end"));

      for (SseClient sse : browsers) {
        List<Event> messages = new ArrayList<>();
        for (Event e = sse.nextEvent(WAIT); !"end".equals(e.event()); e = sse.nextEvent(WAIT)) {
          if ("message".equals(e.event())) {
            messages.add(e);
          }
        }
        assertEquals(1, messages.size(), "exactly once per browser");
        JsonObject envelope = messages.get(0).json();
        assertEquals("hello from a worker", envelope.getJsonObject("data").getString("text"));
        assertEquals("from-redis", envelope.getString("room"));
        assertEquals(envelope.getLong("seq"), Long.parseLong(messages.get(0).id()));
      }
    }
  }

  @Test
  void health_shows_redis_down_while_it_is_killed_and_up_once_it_is_back() {
    JsonObject up = redisCheck(east.get("/health"));
    assertEquals("UP", up.getString("status"));
    assertNotNull(up.getJsonObject("data").getLong("pingMs"));

    redis.kill();
    long killedAt = System.nanoTime();
    Await.until(WAIT, "503 without Redis", () -> east.get("/health").statusCode() == 503);
    long downMs = (System.nanoTime() - killedAt) / 1_000_000;
    JsonObject down = redisCheck(west.get("/health"));
    assertEquals("DOWN", down.getString("status"));
    assertNotNull(down.getJsonObject("data").getString("lastError"));
    // the cluster keeps delivering its own events while Redis is away
    try (SseClient sse = open(west, "during-outage")) {
      sse.next("snapshot", WAIT); // subscribed cluster-wide from here on
      JsonObject accepted = east.publish("during-outage", new JsonObject().put("n", 1));
      assertEquals(accepted.getString("id"), sse.next("message", WAIT).json().getString("id"));
    }

    redis.restart();
    long restartedAt = System.nanoTime();
    Await.until(WAIT, "200 with Redis back", () -> east.get("/health").statusCode() == 200);
    long upMs = (System.nanoTime() - restartedAt) / 1_000_000;
    System.out.printf(
        "health: 503 %d ms after Redis was killed, 200 %d ms after it restarted%n", downMs, upMs);
    assertTrue(redisCheck(west.get("/health")).getString("status").equals("UP"));
  }

  private static SseClient open(TestNode node, String room) {
    return node.sse(
        "/rooms/" + room + "/events?token=" + node.token("viewer", List.of(room), List.of()));
  }

  /** Reads what has arrived (briefly) and says whether an event of {@code type} was among it. */
  private static boolean sawType(SseClient sse, String type) {
    try {
      while (true) {
        if (type.equals(sse.nextEvent(Duration.ofMillis(100)).event())) {
          return true;
        }
      }
    } catch (AssertionError nothingMore) {
      return false;
    }
  }

  private static void publish(String channel, JsonObject payload) {
    Await.result(service.send(Request.cmd(Command.PUBLISH).arg(channel).arg(payload.encode())));
  }

  private static JsonObject redisCheck(HttpResponse<Buffer> health) {
    JsonArray checks = health.bodyAsJsonObject().getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if ("redis".equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i);
      }
    }
    throw new AssertionError("no redis check in " + health.bodyAsString());
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WebhookReceiver;
import io.roomcast.testing.WebhookReceiver.Hit;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks from a two-node cluster to real HTTP receivers: every kind of event, each sent once by
 * the cluster whichever nodes the connections are on, and a receiver that never answers slowing
 * neither browsers nor the other receiver.
 */
class WebhooksTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SECRET = "test-only-webhook-secret-0123";
  private static Vertx receivers;
  private static WebhookReceiver all;
  private static WebhookReceiver hanging;
  private static TestNode a;
  private static TestNode b;

  @BeforeAll
  static void start() {
    receivers = Vertx.vertx();
    all = WebhookReceiver.start(receivers, SECRET);
    hanging = WebhookReceiver.start(receivers, SECRET).hang();
    String cluster = TestConfig.clusterName();
    a = TestNode.start(cluster, WebhooksTest::withWebhooks);
    b = TestNode.start(cluster, WebhooksTest::withWebhooks);
  }

  private static void withWebhooks(JsonObject config) {
    config.put(
        "hooks",
        new JsonObject()
            .put(
                "webhooks",
                new JsonArray()
                    .add(new JsonObject().put("url", all.url()).put("secret", SECRET))
                    .add(
                        new JsonObject()
                            .put("url", hanging.url())
                            .put("secret", SECRET)
                            .put("events", new JsonArray().add("message"))))
            .put("timeoutMillis", 500));
    config.put("presence", new JsonObject().put("offlineGraceSeconds", 1));
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
    Await.result(receivers.close());
  }

  @Test
  void each_kind_of_webhook_is_sent_once_by_the_cluster_wherever_the_connections_are() {
    String room = "wh-kinds";
    String user = "wh-alice";
    SseClient onA = a.sse("/rooms/" + room + "/events?token=" + token(a, user, room));
    onA.nextEvent(WAIT);
    Await.until(WAIT, "room.occupied", () -> about("room.occupied", room, null).size() >= 1);
    Await.until(WAIT, "user.online", () -> about("user.online", null, user).size() >= 1);
    Await.until(WAIT, "presence.online", () -> about("presence.online", room, user).size() >= 1);

    SseClient onB = b.sse("/rooms/" + room + "/events?token=" + token(b, user, room));
    onB.nextEvent(WAIT);
    JsonObject published = b.publish(room, new JsonObject().put("text", "hello"));
    Await.until(WAIT, "message", () -> about("message", room, null).size() >= 1);
    JsonObject message = about("message", room, null).get(0).json().getJsonObject("data");
    assertEquals(published.getString("id"), message.getString("id"), "data is the stored event");
    assertEquals(published.getLong("seq"), message.getLong("seq"));

    onA.close();
    onB.close();
    Await.until(
        WAIT, "user.offline after the grace", () -> !about("user.offline", null, user).isEmpty());
    Await.until(WAIT, "room.vacated", () -> !about("room.vacated", room, null).isEmpty());
    Await.until(WAIT, "presence.offline", () -> !about("presence.offline", room, user).isEmpty());

    assertEquals(1, distinct("room.occupied", room, null), "once, though two nodes held alice");
    assertEquals(1, distinct("room.vacated", room, null));
    assertEquals(1, distinct("user.online", null, user));
    assertEquals(1, distinct("user.offline", null, user));
    assertEquals(1, distinct("presence.online", room, user));
    assertEquals(1, distinct("presence.offline", room, user));
    assertEquals(1, distinct("message", room, null));
    assertTrue(all.hits().stream().allMatch(Hit::valid), "every request is signed");
  }

  @Test
  void a_receiver_that_never_answers_slows_neither_browsers_nor_other_receivers() {
    String room = "wh-hang";
    try (SseClient sse = a.sse("/rooms/" + room + "/events?token=" + token(a, "wh-bob", room))) {
      sse.nextEvent(WAIT);
      int n = 60;
      for (int i = 0; i < n; i++) {
        (i % 2 == 0 ? a : b).publish(room, new JsonObject().put("i", i));
      }
      for (int i = 0; i < n; i++) {
        sse.next("message", WAIT);
      }
      Await.until(
          WAIT, "the other receiver gets them all", () -> about("message", room, null).size() == n);
      assertTrue(hanging.hanging() > 0, "the hanging receiver holds requests");
      assertTrue(
          hanging.hanging() <= 2 * 16,
          "at most 16 requests open per node to one receiver: " + hanging.hanging());
    }
  }

  private static String token(TestNode node, String user, String room) {
    return node.token(user, List.of(room), List.of());
  }

  private static List<Hit> about(String event, String room, String user) {
    return all.hits(event).stream()
        .filter(h -> room == null || room.equals(h.json().getString("room")))
        .filter(h -> user == null || user.equals(h.json().getString("user")))
        .toList();
  }

  private static long distinct(String event, String room, String user) {
    return about(event, room, user).stream().map(Hit::id).distinct().count();
  }
}

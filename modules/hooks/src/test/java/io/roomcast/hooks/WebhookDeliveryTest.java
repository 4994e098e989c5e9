package io.roomcast.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.config.HooksConfig;
import io.roomcast.core.metrics.Meters;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestCluster;
import io.roomcast.testing.WebhookReceiver;
import io.roomcast.testing.WebhookReceiver.Hit;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery against a real HTTP receiver, on real Hazelcast members: signed bodies, retries,
 * timeouts, giving up, the bound on the queue, and the death of the member that was sending.
 */
class WebhookDeliveryTest {
  private static final String SECRET = "test-only-webhook-secret-0123";
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Retries after 20 ms doubling to 200 ms, scans every 100 ms: nothing here waits long. */
  private static final DeliveryTiming FAST = new DeliveryTiming(20, 200, 100, 4);

  private final TestCluster cluster = new TestCluster();
  private final Vertx receiverVertx = Vertx.vertx();
  private final WebhookReceiver receiver = WebhookReceiver.start(receiverVertx, SECRET);

  private record Node(Vertx vertx, Webhooks hooks, SimpleMeterRegistry meters) {
    double count(String meter) {
      return meters.counter(meter).count();
    }
  }

  @AfterEach
  void down() {
    receiver.close();
    cluster.close();
    Await.result(receiverVertx.close());
  }

  private HooksConfig config(int retrySeconds, int maxPending, int timeoutMillis) {
    return new HooksConfig(
        List.of(
            new HooksConfig.Webhook(
                URI.create(receiver.url()), SECRET, Set.copyOf(HooksConfig.EVENTS))),
        retrySeconds,
        maxPending,
        null,
        null,
        null,
        timeoutMillis,
        0);
  }

  private Node node(HooksConfig config) {
    Vertx vertx = cluster.member();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Webhooks hooks = new Webhooks(config, Clock.systemUTC());
    Await.result(
        vertx.deployVerticle(
            new HooksVerticle(
                hooks, null, meters, Departures.listen(vertx), Clock.systemUTC(), FAST)));
    return new Node(vertx, hooks, meters);
  }

  private Node node() {
    return node(config(3600, 100_000, 2000));
  }

  @Test
  void a_webhook_is_one_post_signed_over_the_timestamp_and_the_body() {
    Node n = node();
    n.hooks().emit("message", "lobby", "alice", new JsonObject().put("text", "hi"));

    Await.until(WAIT, "the webhook arrives", () -> receiver.hits().size() == 1);
    Hit hit = receiver.hits().get(0);
    assertTrue(hit.valid(), "the signature recomputed over <timestamp>.<body> matches");
    long ts = Long.parseLong(hit.timestamp());
    assertTrue(Math.abs(Instant.now().getEpochSecond() - ts) < 60, "timestamp is unix seconds");
    JsonObject body = hit.json();
    assertEquals(hit.id(), body.getString("id"), "the header and the body carry the same id");
    assertEquals("message", body.getString("event"));
    assertEquals("lobby", body.getString("room"));
    assertEquals("alice", body.getString("user"));
    assertEquals("hi", body.getJsonObject("data").getString("text"));
    Instant.parse(body.getString("ts"));
    Await.until(WAIT, "counted as sent", () -> n.count(Meters.WEBHOOKS_SENT) == 1);
  }

  @Test
  void a_receiver_that_fails_the_first_attempts_gets_the_same_webhook_until_it_accepts_it() {
    Node n = node();
    receiver.failFirst(3);
    n.hooks().emit("user.offline", null, "bob", null);

    Await.until(WAIT, "retried until accepted", () -> n.count(Meters.WEBHOOKS_SENT) == 1);
    List<Hit> hits = receiver.hits();
    assertEquals(4, hits.size(), "three failures, then the accepted attempt");
    assertEquals(1, receiver.ids().size(), "every attempt carries the same id");
    assertTrue(hits.stream().allMatch(Hit::valid), "each attempt is signed anew");
    assertEquals(3, n.count(Meters.WEBHOOKS_RETRIED));
    Await.until(WAIT, "the queue is empty", () -> queueSize(n) == 0);
  }

  @Test
  void a_receiver_that_does_not_answer_times_out_and_is_retried() {
    Node n = node(config(3600, 100_000, 300));
    receiver.hang();
    n.hooks().emit("room.occupied", "r1", null, null);

    Await.until(WAIT, "two unanswered attempts", () -> receiver.hits().size() >= 2);
    assertTrue(n.count(Meters.WEBHOOKS_RETRIED) >= 1, "a timeout counts as a failed attempt");
    receiver.answer();
    Await.until(WAIT, "accepted once it answers", () -> n.count(Meters.WEBHOOKS_SENT) == 1);
    assertEquals(1, receiver.ids().size());
  }

  @Test
  void a_webhook_failing_for_longer_than_retry_seconds_is_given_up_and_counted() {
    Node n = node(config(1, 100_000, 2000));
    receiver.failFirst(Integer.MAX_VALUE);
    n.hooks().emit("room.vacated", "r1", null, null);

    Await.until(WAIT, "given up", () -> n.count(Meters.WEBHOOKS_FAILED) == 1);
    assertEquals(0, n.count(Meters.WEBHOOKS_SENT));
    Await.until(WAIT, "removed from the queue", () -> queueSize(n) == 0);
  }

  @Test
  void over_max_pending_the_oldest_webhooks_are_dropped_and_counted() {
    Node n = node(config(3600, 5, 2000));
    receiver.down();
    List<String> rooms = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      rooms.add("r" + i);
      n.hooks().emit("room.occupied", "r" + i, null, null);
    }
    Await.until(WAIT, "three dropped", () -> n.count(Meters.WEBHOOKS_DROPPED) == 3);
    receiver.up();
    Await.until(WAIT, "the rest delivered", () -> n.count(Meters.WEBHOOKS_SENT) == 5);
    Set<String> got = new HashSet<>();
    receiver.hits().forEach(h -> got.add(h.json().getString("room")));
    assertEquals(Set.copyOf(rooms.subList(3, 8)), got, "the five newest arrive");
  }

  @Test
  void webhooks_pending_on_a_member_that_dies_are_sent_by_the_survivor() {
    Node a = node();
    Node b = node();
    receiver.down();
    int total = 40;
    for (int i = 0; i < total; i++) {
      (i % 2 == 0 ? a : b).hooks().emit("message", "r" + i, null, null);
    }
    Await.until(WAIT, "all queued", () -> queueSize(a) == total);
    Await.until(
        WAIT,
        "the member to kill is sending some of them",
        () -> b.count(Meters.WEBHOOKS_RETRIED) > 0);
    Clusters.manager(b.vertx()).getHazelcastInstance().getLifecycleService().terminate();
    receiver.up();

    Await.until(
        WAIT,
        "every webhook arrives",
        () -> receiver.ids().size() == total,
        () -> receiver.ids().size() + " of " + total);
    Set<String> rooms = new HashSet<>();
    receiver.hits().forEach(h -> rooms.add(h.json().getString("room")));
    assertEquals(total, rooms.size());
    Await.until(WAIT, "the queue is empty", () -> queueSize(a) == 0);
  }

  @Test
  void members_send_only_what_they_own_so_each_webhook_arrives_once() {
    List<Node> nodes = List.of(node(), node(), node());
    // while partitions migrate, an entry may be sent by its old owner and its new one (at least
    // once); in a settled cluster each one has a single sender
    Await.until(
        WAIT,
        "partitions settled",
        () ->
            nodes.stream()
                .allMatch(
                    n ->
                        Clusters.manager(n.vertx())
                            .getHazelcastInstance()
                            .getPartitionService()
                            .isClusterSafe()));
    int total = 30;
    for (int i = 0; i < total; i++) {
      nodes.get(i % 3).hooks().emit("message", "r" + i, null, null);
    }
    Await.until(WAIT, "all delivered", () -> receiver.ids().size() == total);
    Await.until(
        WAIT,
        "all counted",
        () -> nodes.stream().mapToDouble(n -> n.count(Meters.WEBHOOKS_SENT)).sum() == total);
    assertEquals(total, receiver.hits().size(), "no webhook was sent twice");
    assertTrue(
        nodes.stream().filter(n -> n.count(Meters.WEBHOOKS_SENT) > 0).count() > 1,
        "sending is spread over the members");
  }

  private static int queueSize(Node n) {
    return Await.result(
        n.vertx()
            .executeBlocking(
                () ->
                    Clusters.manager(n.vertx())
                        .getHazelcastInstance()
                        .getMap(PendingQueue.MAP)
                        .size()));
  }
}

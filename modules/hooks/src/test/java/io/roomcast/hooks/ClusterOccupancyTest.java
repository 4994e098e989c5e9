package io.roomcast.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.cluster.Departures;
import io.roomcast.core.config.HooksConfig;
import io.roomcast.testing.Await;
import io.roomcast.testing.TestCluster;
import io.roomcast.testing.WebhookReceiver;
import io.roomcast.testing.WebhookReceiver.Hit;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Occupancy webhooks on real Hazelcast members: a room or user held by several nodes arrives and
 * leaves once for the cluster, a user back within the grace does not flap, and a member's death
 * ends what only it held.
 */
class ClusterOccupancyTest {
  private static final String SECRET = "test-only-webhook-secret-0123";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long GRACE_MS = 2000;

  private final TestCluster cluster = new TestCluster();
  private final Vertx receiverVertx = Vertx.vertx();
  private final WebhookReceiver receiver = WebhookReceiver.start(receiverVertx, SECRET);

  @AfterEach
  void down() {
    receiver.close();
    cluster.close();
    Await.result(receiverVertx.close());
  }

  private record Node(Vertx vertx, ClusterOccupancy occupancy) {}

  private Node node() {
    HooksConfig config =
        new HooksConfig(
            List.of(
                new HooksConfig.Webhook(
                    URI.create(receiver.url()), SECRET, Set.copyOf(HooksConfig.EVENTS))),
            3600,
            100_000,
            null,
            null,
            null,
            2000,
            0);
    Vertx vertx = cluster.member();
    Webhooks hooks = new Webhooks(config, Clock.systemUTC());
    ClusterOccupancy occupancy = new ClusterOccupancy(hooks, GRACE_MS, Clock.systemUTC());
    Await.result(
        vertx.deployVerticle(
            new HooksVerticle(
                hooks,
                occupancy,
                new SimpleMeterRegistry(),
                Departures.listen(vertx),
                Clock.systemUTC(),
                new DeliveryTiming(20, 200, 100, 4))));
    return new Node(vertx, occupancy);
  }

  /** How many nodes the cluster's occupancy map says hold {@code key}. */
  private static int holders(Node n, String key) {
    return Await.result(
        n.vertx()
            .executeBlocking(
                () -> {
                  Occupants o =
                      Clusters.manager(n.vertx())
                          .getHazelcastInstance()
                          .<String, Occupants>getMap(Occupants.MAP)
                          .get(key);
                  return o == null ? 0 : o.nodes().size();
                }));
  }

  /**
   * The webhooks of {@code event} about {@code value}, one per webhook id: delivery is at least
   * once (a partition migrating as a member joins may send an entry twice), receivers deduplicate.
   */
  private List<Hit> hits(String event, String field, String value) {
    Map<String, Hit> byId = new LinkedHashMap<>();
    receiver.hits(event).stream()
        .filter(h -> value.equals(h.json().getString(field)))
        .forEach(h -> byId.putIfAbsent(h.id(), h));
    return List.copyOf(byId.values());
  }

  @Test
  void a_room_held_by_two_nodes_is_occupied_once_and_vacated_when_the_last_one_leaves() {
    Node a = node();
    Node b = node();
    a.occupancy().roomEntered("r1");
    b.occupancy().roomEntered("r1");
    // both nodes hold it before a leaves (changes from two nodes are ordered per node only)
    Await.until(WAIT, "r1 held by both nodes", () -> holders(a, Occupants.roomKey("r1")) == 2);
    a.occupancy().roomLeft("r1");
    a.occupancy().roomEntered("r2");
    Await.until(WAIT, "r2 occupied", () -> hits("room.occupied", "room", "r2").size() == 1);
    b.occupancy().roomLeft("r1");

    Await.until(WAIT, "r1 vacated", () -> hits("room.vacated", "room", "r1").size() == 1);
    assertEquals(1, hits("room.occupied", "room", "r1").size());
    assertEquals(0, hits("room.vacated", "room", "r2").size(), "r2 is still held by a");
  }

  @Test
  void a_user_back_on_another_node_within_the_grace_does_not_go_offline() {
    Node a = node();
    Node b = node();
    a.occupancy().userConnected("alice");
    Await.until(WAIT, "online", () -> hits("user.online", "user", "alice").size() == 1);
    a.occupancy().userDisconnected("alice");
    b.occupancy().userConnected("alice");
    b.occupancy().userDisconnected("alice");
    b.occupancy().userConnected("alice");
    a.occupancy().userConnected("bob");
    a.occupancy().userDisconnected("bob");
    Await.until(
        WAIT, "bob offline after the grace", () -> hits("user.offline", "user", "bob").size() == 1);
    b.occupancy().userDisconnected("alice");

    Await.until(WAIT, "alice offline", () -> hits("user.offline", "user", "alice").size() == 1);
    assertEquals(1, hits("user.online", "user", "alice").size(), "online once: no flap");
  }

  @Test
  void what_only_a_dead_member_held_ends_on_the_survivors() {
    Node a = node();
    Node b = node();
    a.occupancy().userConnected("carol");
    b.occupancy().userConnected("carol");
    b.occupancy().userConnected("dave");
    b.occupancy().roomEntered("r9");
    Await.until(WAIT, "dave online", () -> hits("user.online", "user", "dave").size() == 1);
    Await.until(WAIT, "r9 occupied", () -> hits("room.occupied", "room", "r9").size() == 1);
    Clusters.manager(b.vertx()).getHazelcastInstance().getLifecycleService().terminate();

    Await.until(WAIT, "dave offline", () -> hits("user.offline", "user", "dave").size() == 1);
    Await.until(WAIT, "r9 vacated", () -> hits("room.vacated", "room", "r9").size() == 1);
    assertEquals(0, hits("user.offline", "user", "carol").size(), "carol is still on a");
  }
}

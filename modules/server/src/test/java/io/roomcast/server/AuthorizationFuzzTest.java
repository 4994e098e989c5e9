package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.auth.RoomPatterns;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Many users with random claims follow random rooms and patterns while a backend publishes into
 * random rooms: no event may ever reach a connection whose claims exclude its room.
 */
class AuthorizationFuzzTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final List<String> ROOMS =
      List.of("r1", "r2", "r3", "ns:a:1", "ns:a:2", "ns:b:1", "ns:b:c:1", "other");
  private static final List<String> CLAIMS =
      List.of("r1", "r2", "r3", "ns:a:*", "ns:b:*", "ns:*", "ns:b:c:*", "other", "*");
  private static final List<String> FOLLOWS =
      List.of("r1", "r2", "r3", "ns:a:1", "ns:b:1", "ns:*", "ns:a:*", "ns:b:*", "*", "other");

  private record Client(String user, List<String> claims, WsClient ws) {}

  @Test
  void no_event_ever_reaches_a_connection_whose_claims_exclude_its_room() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String why = "seed " + seed;
    try (TestNode node = TestNode.start(TestConfig.clusterName())) {
      List<Client> clients = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        List<String> claims = new ArrayList<>(pick(random, CLAIMS, 1 + random.nextInt(3)));
        claims.add("sync");
        String user = "u" + i;
        WsClient ws =
            WsClient.connect(
                node.vertx(), node.node.edgePort(), node.token(user, claims, List.of()));
        ws.next(WAIT);
        List<String> follows = new ArrayList<>(pick(random, FOLLOWS, 1 + random.nextInt(4)));
        follows.add("sync");
        for (String f : follows) {
          ws.call(
              new JsonObject().put("op", "subscribe").put("rooms", new JsonArray(List.of(f))),
              WAIT);
        }
        clients.add(new Client(user, claims, ws));
      }
      for (int i = 0; i < 150; i++) {
        node.publish(ROOMS.get(random.nextInt(ROOMS.size())), new JsonObject().put("i", i));
      }
      node.publish("sync", new JsonObject().put("end", true));

      int delivered = 0;
      for (Client c : clients) {
        while (true) {
          JsonObject e = c.ws().next("event", WAIT);
          String room = e.getString("room");
          assertTrue(
              RoomPatterns.anyMatches(c.claims(), room),
              why + ": " + c.user() + " with " + c.claims() + " got an event of " + room);
          if ("sync".equals(room) && "message".equals(e.getString("type"))) {
            break;
          }
          delivered++;
        }
        c.ws().close();
      }
      assertTrue(
          delivered > 100, why + ": only " + delivered + " deliveries, the test saw too little");
    }
  }

  private static List<String> pick(Random random, List<String> from, int n) {
    List<String> copy = new ArrayList<>(from);
    java.util.Collections.shuffle(copy, random);
    return copy.subList(0, Math.min(n, copy.size()));
  }
}

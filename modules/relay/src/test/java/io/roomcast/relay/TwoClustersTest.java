package io.roomcast.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.Addresses;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.event.EventDraft;
import io.roomcast.testing.Await;
import io.roomcast.testing.RedisProcess;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two clusters, each with its relay, sharing one redis-server. */
class TwoClustersTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private RedisProcess redis;
  private TestCluster east;
  private TestCluster west;
  private Vertx eastNode;
  private Vertx westNode;
  private Vertx outside;
  private TestRedis service;

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
    east = new TestCluster();
    west = new TestCluster();
    eastNode = east.member();
    westNode = west.member();
    Relays.deploy(eastNode, Relays.config(east.name(), redis.url(), "pubsub"));
    Relays.deploy(westNode, Relays.config(west.name(), redis.url(), "pubsub"));
    Relays.awaitConnected(eastNode);
    Relays.awaitConnected(westNode);
    outside = Vertx.vertx();
    service = new TestRedis(outside, redis.url());
  }

  @AfterEach
  void stop() {
    service.close();
    Await.result(outside.close());
    east.close();
    west.close();
    redis.close();
  }

  @Test
  void an_event_crosses_to_the_other_cluster_once_and_never_comes_back() {
    try (BusWatch eastWatch = new BusWatch(Addresses.room("shared"), List.of(eastNode));
        BusWatch westWatch = new BusWatch(Addresses.room("shared"), List.of(westNode));
        TestRedis.Listener channel = service.listen(Channels.room("shared"))) {
      RoomcastClient eastClient = Relays.client(eastNode);
      Await.result(
          eastClient.publish(
              new EventDraft("shared", "message", new JsonObject().put("n", 1), "ann", null)));
      westWatch.awaitEach(1, WAIT, BusWatch.type("message"));

      // a second event after the first settled everywhere: anything looping would show up by then
      Await.result(eastClient.publish(new EventDraft("shared", "end", null, null, null)));
      westWatch.awaitEach(1, WAIT, BusWatch.type("end"));
      eastWatch.awaitEach(1, WAIT, BusWatch.type("end"));
      channel.awaitCount(2, WAIT);

      assertEquals(2, channel.messages().size(), "each event once on Redis: " + channel.messages());
      channel.messages().forEach(m -> assertEquals(east.name(), m.getString("origin")));
      assertEquals(2, eastWatch.on(0).size(), "no echo back into the east cluster");
      assertEquals(2, westWatch.on(0).size(), "delivered once in the west cluster");
      assertEquals(east.name(), westWatch.on(0).get(0).origin());
      assertEquals("ann", westWatch.on(0).get(0).body().getString("user"));
    }
  }
}

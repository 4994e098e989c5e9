package io.roomcast.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.Addresses;
import io.roomcast.testing.Await;
import io.roomcast.testing.RedisProcess;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a relay finds when it takes over in streams mode: entries a dead relay read but did not
 * acknowledge, some of which it had already published.
 */
class StreamsModeTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private RedisProcess redis;
  private TestCluster cluster;
  private Vertx node;
  private Vertx outside;
  private TestRedis service;

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
    cluster = new TestCluster();
    node = cluster.member();
    outside = Vertx.vertx();
    service = new TestRedis(outside, redis.url());
    service.send(
        Request.cmd(Command.XGROUP)
            .arg("CREATE")
            .arg(Channels.STREAM_IN)
            .arg(cluster.name())
            .arg("0")
            .arg("MKSTREAM"));
  }

  @AfterEach
  void stop() {
    service.close();
    Await.result(outside.close());
    cluster.close();
    redis.close();
  }

  @Test
  void pendingEntriesOfADeadRelayArePublishedOnceAndThoseItPublishedAreOnlyAcknowledged() {
    String published = service.xadd(Channels.STREAM_IN, "handover", event("published-before"));
    service.xadd(Channels.STREAM_IN, "handover", event("read-not-published"));
    readAsDeadRelay(2);
    Await.result(
        node.sharedData()
            .<String, Boolean>getClusterWideMap(StreamInbound.PUBLISHED_MAP)
            .compose(m -> m.put(published, true)));
    service.xadd(Channels.STREAM_IN, "handover", event("never-read"));

    try (BusWatch watch = new BusWatch(Addresses.room("handover"), List.of(node))) {
      Relays.deploy(node, Relays.config(cluster.name(), redis.url(), "streams"));
      watch.awaitEach(1, WAIT, BusWatch.type("never-read"));
      service.xadd(Channels.STREAM_IN, "handover", event("end"));
      watch.awaitEach(1, WAIT, BusWatch.type("end"));

      assertEquals(0, watch.count(0, BusWatch.type("published-before")));
      assertEquals(1, watch.count(0, BusWatch.type("read-not-published")));
      assertEquals(1, watch.count(0, BusWatch.type("never-read")));
      Await.until(WAIT, "nothing pending", () -> pending() == 0);
    }
  }

  @Test
  void invalidEntriesAreCountedAndAcknowledgedSoTheyCannotBlockTheStream() {
    Relays.deploy(node, Relays.config(cluster.name(), redis.url(), "streams"));
    long before = Relays.awaitConnected(node).invalid();
    try (BusWatch watch = new BusWatch(Addresses.room("poison"), List.of(node))) {
      service.send(
          Request.cmd(Command.XADD).arg(Channels.STREAM_IN).arg("*").arg("event").arg("{}"));
      service.xadd(Channels.STREAM_IN, "poison", new JsonObject().put("type", "typing.stop"));
      service.xadd(Channels.STREAM_IN, "poison", event("fine"));
      watch.awaitEach(1, WAIT, BusWatch.type("fine"));
      assertEquals(before + 2, Relays.awaitConnected(node).invalid());
      Await.until(WAIT, "nothing pending", () -> pending() == 0);
    }
  }

  /** XREADGROUP as a consumer that then dies: the entries stay pending under its name. */
  private void readAsDeadRelay(int count) {
    service.send(
        Request.cmd(Command.XREADGROUP)
            .arg("GROUP")
            .arg(cluster.name())
            .arg("dead-relay")
            .arg("COUNT")
            .arg(count)
            .arg("STREAMS")
            .arg(Channels.STREAM_IN)
            .arg(">"));
    assertEquals(count, pending());
  }

  private long pending() {
    return service
        .send(Request.cmd(Command.XPENDING).arg(Channels.STREAM_IN).arg(cluster.name()))
        .get(0)
        .toLong();
  }

  private static JsonObject event(String type) {
    return new JsonObject().put("type", type);
  }
}

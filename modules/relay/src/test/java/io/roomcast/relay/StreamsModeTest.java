package io.roomcast.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.Addresses;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.relay.StreamStamps.Stamp;
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
 * acknowledge, some of which it had already stamped or published.
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
  void
      pending_entries_of_a_dead_relay_are_published_as_the_events_it_made_of_them_and_never_stamped_twice() {
    String published = service.xadd(Channels.STREAM_IN, "handover", event("published-before"));
    String stamped = service.xadd(Channels.STREAM_IN, "handover", event("stamped-before"));
    String appended = service.xadd(Channels.STREAM_IN, "handover", event("appended-before"));
    service.xadd(Channels.STREAM_IN, "handover", event("read-not-stamped"));
    readAsDeadRelay(4);
    // the dead relay published one entry, stamped another (maybe published it too) and died while
    // stamping a third, after the history append and before recording the stamp
    RoomcastClient client = Relays.client(node);
    Await.result(client.stamp(draft("published-before").toEnvelope()));
    Stamp first = Stamp.pending(draft("stamped-before").toEnvelope(), InboundParser.FROM_REDIS);
    Envelope firstStamped = Await.result(client.stamp(first.envelope()));
    Stamp second = Stamp.pending(draft("appended-before").toEnvelope(), InboundParser.FROM_REDIS);
    Envelope secondStamped = Await.result(client.stamp(second.envelope()));
    StreamStamps stamps = Await.result(StreamStamps.open(node));
    Await.result(stamps.put(published, Stamp.DONE));
    Await.result(stamps.put(stamped, first.stamped(firstStamped)));
    Await.result(stamps.put(appended, second));
    service.xadd(Channels.STREAM_IN, "handover", event("never-read"));

    try (BusWatch watch = new BusWatch(Addresses.room("handover"), List.of(node))) {
      Relays.deploy(node, Relays.config(cluster.name(), redis.url(), "streams"));
      watch.awaitEach(1, WAIT, BusWatch.type("never-read"));
      service.xadd(Channels.STREAM_IN, "handover", event("end"));
      watch.awaitEach(1, WAIT, BusWatch.type("end"));

      assertEquals(0, watch.count(0, BusWatch.type("published-before")));
      assertEquals(List.of(firstStamped.toJson()), bodies(watch, "stamped-before"));
      assertEquals(List.of(secondStamped.toJson()), bodies(watch, "appended-before"));
      assertEquals(1, watch.count(0, BusWatch.type("read-not-stamped")));
      Await.until(WAIT, "nothing pending", () -> pending() == 0);
    }
    HistoryPage history = Await.result(Relays.history(node).read("handover", 0, 100));
    assertEquals(
        List.of(
            "published-before",
            "stamped-before",
            "appended-before",
            "read-not-stamped",
            "never-read",
            "end"),
        history.events().stream().map(Envelope::type).toList(),
        "each entry once in history");
  }

  @Test
  void invalid_entries_are_counted_and_acknowledged_so_they_cannot_block_the_stream() {
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

  private static EventDraft draft(String type) {
    return EventDraft.parse("handover", event(type), null, null);
  }

  private static List<JsonObject> bodies(BusWatch watch, String type) {
    return watch.on(0).stream().map(BusWatch.Received::body).filter(BusWatch.type(type)).toList();
  }

  private static JsonObject event(String type) {
    return new JsonObject().put("type", type);
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.testing.Await;
import io.roomcast.testing.SseClient;
import io.roomcast.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A durable event that was stored but whose bus message never arrived (lost with a member that
 * left) reaches subscribers anyway: when the cluster loses a member, every node reads its rooms'
 * history for what it missed.
 */
class CatchUpTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void a_stored_event_whose_bus_message_was_lost_is_delivered_once_a_member_leaves() {
    String cluster = TestConfig.clusterName();
    try (TestNode a = TestNode.start(cluster);
        TestNode leaving = TestNode.start(cluster)) {
      String room = "catch-up";
      String token = a.token("carol", List.of(room), List.of());
      try (SseClient sse = a.sse("/rooms/" + room + "/events?token=" + token)) {
        sse.next("snapshot", WAIT);
        // stored in history, never put on the bus: as if its publisher died right after storing
        RoomcastClient client = a.node.client();
        Envelope lost =
            Await.result(
                client.stamp(
                    new EventDraft(room, "message", new JsonObject().put("n", 1), "svc", null)
                        .toEnvelope()));
        // a member leaves abruptly
        leaving.hazelcast().getLifecycleService().terminate();
        SseClient.Event e = sse.next("message", WAIT);
        assertEquals(lost.id(), e.json().getString("id"));
        assertEquals(String.valueOf(lost.seq()), e.id());
      }
    }
  }
}

package io.roomcast.hooks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.config.HooksConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.hooks.HookEvents;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What no webhook wants is not built: the node keeps its plain store and no occupancy view. */
class NoReceiverCostTest {
  private static Webhooks wanting(String... events) {
    return new Webhooks(
        new HooksConfig(
            List.of(
                new HooksConfig.Webhook(
                    URI.create("http://127.0.0.1:9/"),
                    "test-only-webhook-secret-0123",
                    Set.of(events))),
            3600,
            100_000,
            null,
            null,
            null,
            2000,
            0),
        Clock.systemUTC());
  }

  @Test
  void the_history_store_is_wrapped_only_when_a_webhook_wants_message() {
    HistoryStore store =
        new HistoryStore() {
          @Override
          public Future<Envelope> append(Envelope event) {
            return Future.failedFuture("not here");
          }

          @Override
          public Future<HistoryPage> read(String room, long since, int limit) {
            return Future.failedFuture("not here");
          }

          @Override
          public Future<Void> delete(String room) {
            return Future.succeededFuture();
          }
        };
    assertSame(store, MessageHooks.around(store, HookEvents.NONE));
    assertSame(store, MessageHooks.around(store, wanting("user.offline")));
    assertNotSame(store, MessageHooks.around(store, wanting("message")));
  }

  @Test
  void occupancy_is_watched_only_for_room_or_user_webhooks() {
    assertFalse(new ClusterOccupancy(wanting("message", "presence.online"), 0, null).watches());
    assertTrue(new ClusterOccupancy(wanting("room.vacated"), 0, null).watches());
    assertTrue(new ClusterOccupancy(wanting("user.online"), 0, null).watches());
  }
}

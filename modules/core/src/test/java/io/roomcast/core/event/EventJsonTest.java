package io.roomcast.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roomcast.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  private static final Instant TS = Instant.parse("2026-12-03T10:00:00.123456789Z");

  @Test
  void the_written_text_is_the_envelope_tree_with_and_without_its_position() {
    JsonObject data =
        new JsonObject()
            .put("text", "quote \" backslash \\ newline \n tab \t é ☃ \u0001")
            .put("n", 42)
            .put("x", 1.5)
            .put("ok", true)
            .putNull("none")
            .put("list", new JsonArray().add(1).add("two").add(new JsonObject().put("k", "v")));
    Envelope full =
        new Envelope("id-1", "room-1", "message", "ann", "c-1", data, TS, 7L, "ab12", "<p>hi</p>");
    Envelope bare = new Envelope("id-2", null, "push", null, null, null, TS, null);
    for (Envelope e : new Envelope[] {full, bare}) {
      String unplaced = EventJson.unplaced(e);
      JsonObject withoutPosition = e.toJson();
      withoutPosition.remove("seq");
      withoutPosition.remove("epoch");
      assertEquals(withoutPosition, new JsonObject(unplaced));
      assertEquals(e.toJson(), new JsonObject(EventJson.placed(unplaced, e)));
    }
    assertEquals(full, Envelope.fromJson(new JsonObject(EventJson.of(full))));
  }

  @Test
  void a_local_consumer_gets_the_published_instance_and_a_decoded_one_keeps_the_text()
      throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      EnvelopeJson.register(vertx.eventBus());
      EnvelopeJson.register(vertx.eventBus()); // a second part of the node: no error
      Envelope e = new Envelope("id-3", "r", "message", "u", null, new JsonObject(), TS, 1L, "e1");
      EnvelopeJson sent = new EnvelopeJson(e.toJson(), EventJson.of(e));
      CompletableFuture<Object> got = new CompletableFuture<>();
      Await.result(vertx.eventBus().consumer("r", m -> got.complete(m.body())).completion());
      vertx.eventBus().publish("r", sent, new DeliveryOptions().setCodecName(EnvelopeJson.CODEC));
      assertSame(sent, got.get(5, TimeUnit.SECONDS));
      assertEquals(sent.text(), EnvelopeJson.textOf(sent));
      assertEquals(e.toJson().encode(), EnvelopeJson.textOf(e.toJson()));
    } finally {
      Await.result(vertx.close());
    }
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.Addresses;
import io.roomcast.core.presence.PresenceCommand;
import io.roomcast.testing.TestConfig;
import io.roomcast.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A WebSocket message ends its sender's typing, and costs no presence command otherwise. */
class TypingStopTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestNode node;
  private static final AtomicInteger typingStops = new AtomicInteger();

  @BeforeAll
  static void start() {
    node = TestNode.start(TestConfig.clusterName());
    node.vertx()
        .eventBus()
        .addOutboundInterceptor(
            ctx -> {
              if (Addresses.PRESENCE_COMMAND.equals(ctx.message().address())
                  && ctx.body() instanceof PresenceCommand.Published) {
                typingStops.incrementAndGet();
              }
              ctx.next();
            });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void reset() {
    typingStops.set(0);
  }

  private static WsClient connect(String user) {
    return WsClient.connect(
        node.vertx(), node.node.edgePort(), node.token(user, List.of("*"), List.of("*")));
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  private static JsonObject message(String room) {
    return op("publish", room).put("type", "message").put("data", new JsonObject());
  }

  private static JsonObject nextOfType(WsClient ws, String type) {
    while (true) {
      JsonObject e = ws.next("event", WAIT);
      if (type.equals(e.getString("type"))) {
        return e;
      }
    }
  }

  @Test
  void messages_from_a_connection_that_is_not_typing_send_no_typing_stop() {
    try (WsClient ws = connect("quiet")) {
      for (int i = 0; i < 5; i++) {
        assertEquals("ack", ws.call(message("quiet-room"), WAIT).getString("op"));
      }
      assertEquals(0, typingStops.get());
    }
  }

  @Test
  void a_message_ends_the_typing_of_its_sender_once() {
    try (WsClient ws = connect("typist")) {
      ws.call(
          new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add("typed")), WAIT);
      ws.call(op("typing", "typed").put("typing", true), WAIT);
      nextOfType(ws, "typing.start");
      assertEquals("ack", ws.call(message("typed"), WAIT).getString("op"));
      JsonObject stop = nextOfType(ws, "typing.stop");
      assertEquals("typist", stop.getString("user"));
      assertEquals("ack", ws.call(message("typed"), WAIT).getString("op"));
      assertEquals(1, typingStops.get(), "only the first message had typing to end");
    }
  }

  @Test
  void a_typing_stop_leaves_nothing_for_the_next_message_to_end() {
    try (WsClient ws = connect("stopper")) {
      ws.call(op("typing", "stopped").put("typing", true), WAIT);
      ws.call(op("typing", "stopped").put("typing", false), WAIT);
      assertEquals("ack", ws.call(message("stopped"), WAIT).getString("op"));
      assertEquals(0, typingStops.get());
    }
  }

  @Test
  void typing_in_one_room_is_not_ended_by_a_message_into_another() {
    try (WsClient ws = connect("two-rooms")) {
      ws.call(op("typing", "here").put("typing", true), WAIT);
      assertEquals("ack", ws.call(message("there"), WAIT).getString("op"));
      assertEquals(0, typingStops.get());
      assertEquals("ack", ws.call(message("here"), WAIT).getString("op"));
      assertTrue(typingStops.get() == 1, "the message into the typed room ends it");
    }
  }
}

package io.roomcast.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadsTest {
  @Test
  void data_is_exactly_the_payload_size_and_valid_json() {
    String data = new Payloads(100).data(System.nanoTime(), true, 12345);
    assertEquals(100, data.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(1, new JsonObject(data).getInteger("bm"));
  }

  @Test
  void the_body_is_a_message_event() {
    JsonObject body = new JsonObject(new Payloads(100).body(7, false, 1));
    assertEquals("message", body.getString("type"));
    assertEquals(7L, body.getJsonObject("data").getLong("bt"));
  }
}

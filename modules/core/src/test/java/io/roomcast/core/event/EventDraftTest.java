package io.roomcast.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class EventDraftTest {
  @Test
  void a_number_beyond_a_double_in_data_is_refused_on_every_door() {
    // what a WebSocket, SockJS or Redis publish of {"data":{"n":1e999999}} parses to
    for (String json :
        new String[] {
          "{\"type\":\"message\",\"data\":{\"n\":1e999999}}",
          "{\"type\":\"message\",\"data\":{\"a\":[1,{\"n\":-1e999}]}}"
        }) {
      JsonObject body = new JsonObject(json);
      RoomcastException e =
          assertThrows(
              RoomcastException.class, () -> EventDraft.parse("lobby", body, "alice", null));
      assertEquals(ErrorCode.INVALID_DATA, e.code());
    }
  }

  @Test
  void finite_numbers_pass_unchanged() {
    JsonObject body = new JsonObject("{\"type\":\"message\",\"data\":{\"n\":1.5e300,\"i\":7}}");
    EventDraft draft = EventDraft.parse("lobby", body, "alice", null);
    assertEquals(1.5e300, draft.data().getDouble("n"));
    assertEquals(7, draft.data().getInteger("i"));
  }
}

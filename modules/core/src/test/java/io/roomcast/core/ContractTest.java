package io.roomcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.auth.RoomPatterns;
import io.roomcast.core.client.Namespaces;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.event.EventIds;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContractTest {
  @Test
  void room_ids_follow_the_design_charset_and_length() {
    assertTrue(Ids.isRoom("support:eu-1.a_b"));
    assertTrue(Ids.isRoom("r".repeat(128)));
    assertFalse(Ids.isRoom("r".repeat(129)));
    assertFalse(Ids.isRoom(""));
    assertFalse(Ids.isRoom("a b"));
    assertFalse(Ids.isRoom("a/b"));
    assertFalse(Ids.isRoom("a\u0000b"));
    assertFalse(Ids.isRoom(".."));
    assertFalse(Ids.isRoom("a\nb"));
  }

  @Test
  void addresses_are_built_in_one_place() {
    assertEquals("room.lobby", Addresses.room("lobby"));
    assertEquals("user.alice", Addresses.user("alice"));
    assertEquals("lobby", Addresses.roomOf("room.lobby"));
    assertNull(Addresses.roomOf("user.alice"));
    assertTrue("room.support:1".matches(Addresses.ROOM_REGEX));
    assertFalse("room.a b".matches(Addresses.ROOM_REGEX));
  }

  @Test
  void event_ids_are_uuid_v7_and_strictly_increasing() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(EventIds.next());
    }
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i).compareTo(ids.get(i - 1)) > 0, "ids sort by creation");
    }
    UUID u = UUID.fromString(ids.get(0));
    assertEquals(7, u.version());
    assertEquals(2, u.variant());
    long millis = u.getMostSignificantBits() >>> 16;
    assertTrue(Math.abs(System.currentTimeMillis() - millis) < 60_000);
  }

  @Test
  void an_envelope_survives_its_json_form() {
    Envelope e =
        new Envelope(
            EventIds.next(),
            "lobby",
            "message",
            "alice",
            "c-1",
            new JsonObject().put("text", "hi"),
            Instant.parse("2026-11-22T20:31:00.123Z"),
            42L);
    JsonObject json = e.toJson();
    assertEquals("2026-11-22T20:31:00.123Z", json.getString("ts"));
    assertEquals(e, Envelope.fromJson(json));
  }

  @Test
  void room_patterns_match_exact_ids_and_prefixes() {
    assertTrue(RoomPatterns.matches("*", "anything"));
    assertTrue(RoomPatterns.matches("support:*", "support:42"));
    assertFalse(RoomPatterns.matches("support:*", "billing:1"));
    assertTrue(RoomPatterns.matches("lobby", "lobby"));
    assertFalse(RoomPatterns.matches("lobby", "lobby2"));
    assertTrue(RoomPatterns.covers("support:*", "support:eu:*"));
    assertFalse(RoomPatterns.covers("support:eu:*", "support:*"));
    assertFalse(RoomPatterns.isValid("bad room"));
  }

  @Test
  void namespaces_of_a_room_are_its_colon_prefixes() {
    assertEquals(List.of("", "support:", "support:eu:"), Namespaces.of("support:eu:42"));
    assertEquals(List.of(""), Namespaces.of("lobby"));
  }

  @Test
  void drafts_refuse_built_in_types_and_non_object_data() {
    JsonObject typing = new JsonObject().put("type", "typing.start");
    RoomcastException e =
        assertThrows(RoomcastException.class, () -> EventDraft.parse("r", typing, "u", null));
    assertEquals(ErrorCode.INVALID_TYPE, e.code());
    JsonObject array = new JsonObject().put("type", "message").put("data", List.of(1));
    e = assertThrows(RoomcastException.class, () -> EventDraft.parse("r", array, "u", null));
    assertEquals(ErrorCode.INVALID_DATA, e.code());
  }
}

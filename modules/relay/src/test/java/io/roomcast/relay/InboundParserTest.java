package io.roomcast.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class InboundParserTest {
  private final InboundParser parser = new InboundParser("east", 1024);

  @Test
  void a_type_and_data_on_a_room_channel_become_a_draft_from_redis() {
    Inbound.ToRoom in =
        room(parse("roomcast:room:lobby", "{\"type\":\"message\",\"data\":{\"text\":\"hi\"}}"));
    assertEquals("lobby", in.draft().room());
    assertEquals("message", in.draft().type());
    assertEquals(new JsonObject().put("text", "hi"), in.draft().data());
    assertNull(in.draft().user());
    assertNull(in.draft().connection());
    assertEquals(InboundParser.FROM_REDIS, in.origin());
  }

  @Test
  void a_full_envelope_from_another_cluster_keeps_its_user_and_origin_but_not_its_connection() {
    Inbound.ToRoom in =
        room(
            parse(
                "roomcast:room:lobby",
                "{\"id\":\"x\",\"room\":\"lobby\",\"type\":\"message\",\"user\":\"ann\","
                    + "\"connection\":\"c-1\",\"data\":{},\"ts\":\"2026-01-01T00:00:00Z\","
                    + "\"seq\":4,\"origin\":\"west\"}"));
    assertEquals("ann", in.draft().user());
    assertNull(in.draft().connection());
    assertEquals("west", in.origin());
  }

  @Test
  void this_clusters_own_mirror_is_an_echo() {
    assertInstanceOf(
        Inbound.Echo.class, parse("roomcast:room:lobby", "{\"type\":\"x\",\"origin\":\"east\"}"));
  }

  @Test
  void a_user_channel_becomes_a_push_to_that_user() {
    Inbound.ToUser in =
        assertInstanceOf(
            Inbound.ToUser.class, parse("roomcast:user:bob", "{\"type\":\"invoice.paid\"}"));
    assertEquals("bob", in.user());
    assertEquals("invoice.paid", in.type());
    assertEquals(new JsonObject(), in.data());
  }

  @Test
  void an_html_fragment_and_store_false_are_read_on_both_kinds_of_channel() {
    Inbound.ToRoom in =
        room(
            parse(
                "roomcast:room:lobby",
                "{\"type\":\"row\",\"html\":\"<li>a</li>\\n\",\"store\":false}"));
    assertEquals("<li>a</li>\n", in.draft().html());
    assertEquals(new JsonObject(), in.draft().data());
    assertFalse(in.draft().store());
    Inbound.ToUser push =
        assertInstanceOf(
            Inbound.ToUser.class,
            parse("roomcast:user:bob", "{\"type\":\"note\",\"html\":\"<b>hi</b>\"}"));
    assertEquals("<b>hi</b>", push.html());
  }

  @Test
  void a_bad_html_or_store_is_refused_on_both_kinds_of_channel() {
    assertCode(ErrorCode.INVALID_DATA, "roomcast:room:lobby", "{\"type\":\"x\",\"html\":1}");
    assertCode(ErrorCode.INVALID_DATA, "roomcast:user:bob", "{\"type\":\"x\",\"html\":[]}");
    assertCode(
        ErrorCode.INVALID_DATA, "roomcast:room:lobby", "{\"type\":\"x\",\"html\":\"\\ud800\"}");
    assertCode(ErrorCode.INVALID_DATA, "roomcast:room:lobby", "{\"type\":\"x\",\"store\":1}");
    assertCode(ErrorCode.INVALID_DATA, "roomcast:user:bob", "{\"type\":\"x\",\"store\":\"no\"}");
  }

  @Test
  void built_in_ephemeral_types_are_refused_on_both_kinds_of_channel() {
    assertCode(ErrorCode.INVALID_TYPE, "roomcast:room:lobby", "{\"type\":\"typing.start\"}");
    assertCode(ErrorCode.INVALID_TYPE, "roomcast:user:bob", "{\"type\":\"presence.online\"}");
  }

  @Test
  void malformed_messages_are_refused_with_the_codes_rest_uses() {
    assertCode(ErrorCode.INVALID_JSON, "roomcast:room:lobby", "not json");
    assertCode(ErrorCode.INVALID_JSON, "roomcast:room:lobby", "[1]");
    assertCode(ErrorCode.INVALID_TYPE, "roomcast:room:lobby", "{\"data\":{}}");
    assertCode(ErrorCode.INVALID_DATA, "roomcast:room:lobby", "{\"type\":\"m\",\"data\":1}");
    assertCode(ErrorCode.INVALID_USER, "roomcast:room:lobby", "{\"type\":\"m\",\"user\":\"a b\"}");
    assertCode(ErrorCode.INVALID_ROOM, "roomcast:room:a..b", "{\"type\":\"m\"}");
    assertCode(ErrorCode.INVALID_USER, "roomcast:user:", "{\"type\":\"m\"}");
    assertCode(ErrorCode.INVALID_REQUEST, "roomcast:room:lobby", "{\"type\":\"m\",\"origin\":1}");
  }

  @Test
  void messages_over_the_size_limit_are_refused() {
    String big = "{\"type\":\"m\",\"data\":{\"x\":\"" + "a".repeat(1024) + "\"}}";
    assertCode(ErrorCode.PAYLOAD_TOO_LARGE, "roomcast:room:lobby", big);
  }

  private Inbound parse(String channel, String payload) {
    return parser.parse(channel, Buffer.buffer(payload));
  }

  private static Inbound.ToRoom room(Inbound in) {
    return assertInstanceOf(Inbound.ToRoom.class, in);
  }

  private void assertCode(ErrorCode code, String channel, String payload) {
    RoomcastException e = assertThrows(RoomcastException.class, () -> parse(channel, payload));
    assertEquals(code, e.code(), payload);
  }
}

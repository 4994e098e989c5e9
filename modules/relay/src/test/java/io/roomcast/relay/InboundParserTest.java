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
  void aTypeAndDataOnARoomChannelBecomeADraftFromRedis() {
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
  void aFullEnvelopeFromAnotherClusterKeepsItsUserAndOriginButNotItsConnection() {
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
  void thisClustersOwnMirrorIsAnEcho() {
    assertInstanceOf(
        Inbound.Echo.class, parse("roomcast:room:lobby", "{\"type\":\"x\",\"origin\":\"east\"}"));
  }

  @Test
  void aUserChannelBecomesAPushToThatUser() {
    Inbound.ToUser in =
        assertInstanceOf(
            Inbound.ToUser.class, parse("roomcast:user:bob", "{\"type\":\"invoice.paid\"}"));
    assertEquals("bob", in.user());
    assertEquals("invoice.paid", in.type());
    assertEquals(new JsonObject(), in.data());
  }

  @Test
  void anHtmlFragmentAndStoreFalseAreReadOnBothKindsOfChannel() {
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
  void aBadHtmlOrStoreIsRefusedOnBothKindsOfChannel() {
    assertCode(ErrorCode.INVALID_DATA, "roomcast:room:lobby", "{\"type\":\"x\",\"html\":1}");
    assertCode(ErrorCode.INVALID_DATA, "roomcast:user:bob", "{\"type\":\"x\",\"html\":[]}");
    assertCode(
        ErrorCode.INVALID_DATA, "roomcast:room:lobby", "{\"type\":\"x\",\"html\":\"\\ud800\"}");
    assertCode(ErrorCode.INVALID_DATA, "roomcast:room:lobby", "{\"type\":\"x\",\"store\":1}");
    assertCode(ErrorCode.INVALID_DATA, "roomcast:user:bob", "{\"type\":\"x\",\"store\":\"no\"}");
  }

  @Test
  void builtInEphemeralTypesAreRefusedOnBothKindsOfChannel() {
    assertCode(ErrorCode.INVALID_TYPE, "roomcast:room:lobby", "{\"type\":\"typing.start\"}");
    assertCode(ErrorCode.INVALID_TYPE, "roomcast:user:bob", "{\"type\":\"presence.online\"}");
  }

  @Test
  void malformedMessagesAreRefusedWithTheCodesRestUses() {
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
  void messagesOverTheSizeLimitAreRefused() {
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

package io.roomcast.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.bench.client.EngineIo.Kind;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class EngineIoTest {
  private static Kind kind(String message) {
    return EngineIo.classify(Buffer.buffer(message));
  }

  @Test
  void the_open_packet_asks_for_a_namespace_connect() {
    assertEquals(Kind.OPEN, kind("0{\"sid\":\"a\",\"upgrades\":[],\"pingInterval\":25000}"));
  }

  @Test
  void pings_and_namespace_answers_are_tellable() {
    assertEquals(Kind.PING, kind("2"));
    assertEquals(Kind.CONNECTED, kind("40{\"sid\":\"b\"}"));
    assertEquals(Kind.CONNECT_ERROR, kind("44{\"message\":\"no\"}"));
    assertEquals(Kind.CLOSE, kind("1"));
  }

  @Test
  void event_frames_are_recognised_and_carry_the_data() {
    Buffer frame = Buffer.buffer("42[\"event\",{\"bt\":99,\"bm\":1,\"p\":\"x\"}]");
    assertEquals(Kind.EVENT, EngineIo.classify(frame));
    assertEquals(99L, Probe.sendTime(frame));
  }

  @Test
  void empty_or_unknown_messages_are_ignored() {
    assertEquals(Kind.OTHER, kind(""));
    assertEquals(Kind.OTHER, kind("4"));
    assertEquals(Kind.OTHER, kind("6"));
  }
}

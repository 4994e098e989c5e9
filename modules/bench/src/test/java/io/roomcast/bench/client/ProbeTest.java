package io.roomcast.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ProbeTest {
  @Test
  void the_send_time_is_read_from_an_envelope_with_data_inline() {
    Buffer frame =
        Buffer.buffer(
            "{\"op\":\"event\",\"id\":\"01J\",\"room\":\"r\",\"type\":\"message\","
                + "\"data\":{\"bt\":123456789012,\"bm\":1,\"bn\":7,\"p\":\"xx\"},"
                + "\"ts\":\"2026-01-01T00:00:00Z\",\"seq\":3}");
    assertEquals(123456789012L, Probe.sendTime(frame));
    assertTrue(Probe.measured(frame));
  }

  @Test
  void a_negative_nano_time_survives_the_scan() {
    assertEquals(-42L, Probe.sendTime(Buffer.buffer("{\"bt\":-42,\"bm\":0}")));
  }

  @Test
  void warm_up_events_are_not_measured() {
    assertFalse(Probe.measured(Buffer.buffer("42[\"event\",{\"bt\":5,\"bm\":0}]")));
  }

  @Test
  void frames_without_a_mark_have_no_send_time() {
    assertEquals(Probe.NONE, Probe.sendTime(Buffer.buffer("{\"op\":\"ack\",\"ref\":\"1\"}")));
    assertEquals(Probe.NONE, Probe.sendTime(Buffer.buffer("{\"ts\":\"x\",\"bt\":}")));
  }
}

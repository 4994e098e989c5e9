package io.roomcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each code's disconnect rule: the close codes clients are documented to see, and reconnect. */
class ErrorCodeTest {
  @Test
  void the_documented_close_codes_are_the_ones_connections_close_with() {
    Map<ErrorCode, Integer> documented =
        Map.ofEntries(
            Map.entry(ErrorCode.SHUTTING_DOWN, 1012),
            Map.entry(ErrorCode.SLOW_CONSUMER, 4008),
            Map.entry(ErrorCode.DISCONNECTED, 4010),
            Map.entry(ErrorCode.RATE_LIMITED, 4029),
            Map.entry(ErrorCode.REPLACED, 4009),
            Map.entry(ErrorCode.IDLE_TIMEOUT, 4000),
            Map.entry(ErrorCode.PAYLOAD_TOO_LARGE, 1009),
            Map.entry(ErrorCode.UNAVAILABLE, 4003),
            Map.entry(ErrorCode.UNAUTHORIZED, 4100),
            Map.entry(ErrorCode.INVALID_TOKEN, 4100),
            Map.entry(ErrorCode.TOKEN_EXPIRED, 4101),
            Map.entry(ErrorCode.TOKEN_NOT_YET_VALID, 4102),
            Map.entry(ErrorCode.FORBIDDEN, 4103),
            Map.entry(ErrorCode.ROOM_NOT_FOUND, 4104),
            Map.entry(ErrorCode.ROOM_DELETED, 4105));
    documented.forEach((code, close) -> assertEquals(close, (int) code.closeCode(), code.code()));
  }

  @Test
  void
      a_client_refused_for_its_token_its_rights_or_a_missing_or_deleted_room_is_told_not_to_reconnect() {
    for (ErrorCode code : ErrorCode.values()) {
      if (code == ErrorCode.REPLACED) {
        continue; // below
      }
      boolean refusedForGood =
          code.httpStatus() == 401
              || code.httpStatus() == 403
              || code == ErrorCode.ROOM_NOT_FOUND
              || code == ErrorCode.ROOM_DELETED;
      assertEquals(!refusedForGood, code.reconnect(), code.code());
      assertEquals(code.reconnect(), code.closeCode() < ErrorCode.NO_RECONNECT, code.code());
    }
    assertTrue(ErrorCode.SHUTTING_DOWN.reconnect());
    assertFalse(ErrorCode.TOKEN_EXPIRED.reconnect());
  }

  @Test
  void a_replaced_connection_is_told_not_to_reconnect_though_its_token_is_fine() {
    assertEquals(4009, ErrorCode.REPLACED.closeCode());
    assertFalse(ErrorCode.REPLACED.reconnect());
    assertEquals("replaced", ErrorCode.REPLACED.code());
  }
}

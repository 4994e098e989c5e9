package io.roomcast.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.core.RoomcastException;
import io.roomcast.core.config.LimitsConfig;
import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Skipping the size measure for short source texts never lets an oversized {@code data} through:
 * the verdict with the source length is the verdict of measuring.
 */
class DataSizeBoundTest {
  /** Pieces whose encoding grows the most over their source: wide chars and short numbers. */
  private static final String[] PIECES = {
    "\"\u4e2d\u6587\"", "\"\uD83D\uDE00\"", "9e9", "5e-324", "1e1", "\"\\u4e2d\"", "\"a\\\"b\"", "7"
  };

  private static String verdict(JsonObject body, LimitsConfig limits, int sourceLength) {
    try {
      EventDraft.data(body, limits, sourceLength);
      return "ok";
    } catch (RoomcastException e) {
      return e.code().name();
    }
  }

  @Test
  void a_known_source_length_gives_the_same_verdict_as_measuring() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 5_000; round++) {
      int max = 16 + random.nextInt(400);
      LimitsConfig limits = withMaxDataBytes(max);
      StringBuilder data = new StringBuilder("[");
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        data.append(i == 0 ? "" : ",").append(PIECES[random.nextInt(PIECES.length)]);
      }
      String text = "{\"type\":\"message\",\"data\":{\"a\":" + data + "]}}";
      JsonObject body = new JsonObject(text);
      assertEquals(
          verdict(body, limits, EventDraft.UNKNOWN_LENGTH),
          verdict(body, limits, text.length()),
          text + " with maxDataBytes " + max);
    }
  }

  private static LimitsConfig withMaxDataBytes(int max) {
    LimitsConfig d = LimitsConfig.DEFAULTS;
    return new LimitsConfig(
        max,
        d.maxJsonDepth(),
        d.publishPerSecond(),
        d.publishBurst(),
        d.abuseLimit(),
        d.connectionsPerUser(),
        d.connectionsPerIp());
  }
}

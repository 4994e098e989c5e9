package io.roomcast.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void the_bound_doubles_from_the_base_until_it_reaches_the_cap() {
    Backoff backoff = new Backoff(100, 1_000);
    List<Long> bounds = new ArrayList<>();
    for (int attempt = 0; attempt < 7; attempt++) {
      bounds.add(backoff.bound(attempt));
    }
    assertEquals(List.of(100L, 200L, 400L, 800L, 1_000L, 1_000L, 1_000L), bounds);
    assertEquals(1_000L, backoff.bound(10_000));
  }

  @Test
  void each_delay_is_drawn_uniformly_between_zero_and_the_bound() {
    List<Long> asked = new ArrayList<>();
    Backoff backoff =
        new Backoff(
            50,
            10_000,
            bound -> {
              asked.add(bound);
              return bound / 2;
            });
    assertEquals(25, backoff.delay(0));
    assertEquals(200, backoff.delay(3));
    assertEquals(List.of(50L, 400L), asked);
  }

  @Test
  void real_delays_stay_within_their_bound_and_do_not_all_match() {
    Backoff backoff = new Backoff(100, 10_000);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 1_000; i++) {
      long d = backoff.delay(5);
      assertTrue(d >= 0 && d <= 3_200, "delay " + d);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(max - min > 1_000, "jitter spreads the delays");
  }

  @Test
  void a_cap_below_the_base_is_refused() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(500, 100));
  }
}

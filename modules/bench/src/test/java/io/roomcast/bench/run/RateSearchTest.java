package io.roomcast.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateSearchTest {
  /** Runs the search against a server that passes every rate up to {@code capacity}. */
  private static List<Double> tried(RateSearch search, double capacity) {
    List<Double> rates = new ArrayList<>();
    while (!search.done()) {
      rates.add(search.next());
      search.record(search.next() <= capacity);
    }
    return rates;
  }

  @Test
  void it_doubles_until_a_step_fails_then_bisects() {
    RateSearch search = new RateSearch(1000, 1_000_000, 1.1, 20);
    List<Double> rates = tried(search, 5000);
    assertEquals(List.of(1000.0, 2000.0, 4000.0, 8000.0, 6000.0, 5000.0, 5500.0), rates);
    assertEquals(5000, search.best());
    assertEquals(5500, search.lowestFailure());
  }

  @Test
  void it_stops_once_the_highest_pass_and_lowest_failure_are_within_the_precision() {
    RateSearch search = new RateSearch(1000, 1_000_000, 1.1, 20);
    tried(search, 12_345);
    assertTrue(search.lowestFailure() / search.best() <= 1.1);
    assertTrue(search.best() <= 12_345 && search.best() > 12_345 / 1.1);
  }

  @Test
  void a_failing_first_step_halves_the_rate() {
    RateSearch search = new RateSearch(1000, 1_000_000, 1.1, 20);
    List<Double> rates = tried(search, 300);
    assertEquals(List.of(1000.0, 500.0, 250.0), rates.subList(0, 3));
    assertTrue(search.best() >= 250 && search.best() <= 300);
  }

  @Test
  void nothing_passing_ends_with_best_zero() {
    RateSearch search = new RateSearch(8, 1_000_000, 1.1, 20);
    tried(search, 0);
    assertEquals(0, search.best());
  }

  @Test
  void the_step_budget_and_the_ceiling_bound_the_search() {
    RateSearch limited = new RateSearch(1000, 1_000_000, 1.1, 3);
    assertEquals(3, tried(limited, 1e12).size());
    assertEquals(4000, limited.best());

    RateSearch capped = new RateSearch(1000, 4000, 1.1, 20);
    assertEquals(List.of(1000.0, 2000.0, 4000.0), tried(capped, 1e12));
    assertEquals(4000, capped.best());
  }

  @Test
  void nonsense_bounds_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(0, 10, 1.1, 5));
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(10, 5, 1.1, 5));
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(10, 50, 1.0, 5));
  }
}

package io.roomcast.bench.run;

/**
 * Finds the highest rate that passes: doubles from the start rate until a step fails, then bisects
 * between the highest pass and the lowest failure until they are within {@code precision} of each
 * other (1.1: 10%). A first step that fails halves the rate instead. Bounded by {@code maxSteps}
 * and {@code ceiling}.
 */
public final class RateSearch {
  private final double ceiling;
  private final double precision;
  private final int maxSteps;
  private double passed;
  private double failedAt = Double.POSITIVE_INFINITY;
  private double next;
  private int steps;

  public RateSearch(double start, double ceiling, double precision, int maxSteps) {
    if (start <= 0 || ceiling < start || precision <= 1 || maxSteps < 1) {
      throw new IllegalArgumentException("need 0 < start ≤ ceiling, precision > 1, maxSteps ≥ 1");
    }
    this.ceiling = ceiling;
    this.precision = precision;
    this.maxSteps = maxSteps;
    this.next = start;
  }

  public boolean done() {
    if (steps >= maxSteps || next > ceiling || next < 1) {
      return true;
    }
    return passed > 0 && failedAt / passed <= precision;
  }

  /** The rate to try next. */
  public double next() {
    return next;
  }

  /** The outcome of a step at {@link #next()}. */
  public void record(boolean ok) {
    steps++;
    if (ok) {
      passed = next;
    } else {
      failedAt = next;
    }
    if (failedAt == Double.POSITIVE_INFINITY) {
      next = passed * 2;
    } else if (passed == 0) {
      next = failedAt / 2;
    } else {
      next = Math.floor((passed + failedAt) / 2);
    }
  }

  /** The highest rate that passed, 0 when none did. */
  public double best() {
    return passed;
  }

  /** The lowest rate that failed, infinite when none did. */
  public double lowestFailure() {
    return failedAt;
  }

  public int steps() {
    return steps;
  }
}

package io.roomcast.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Blocking waits for the test thread (never an event loop), failing the test on timeout. */
public final class Await {
  private Await() {}

  public static <T> T result(Future<T> future) {
    return result(future, 30);
  }

  public static <T> T result(Future<T> future, long seconds) {
    try {
      return future.await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + seconds + " s", e);
    }
  }

  /**
   * Polls {@code condition} until it holds; an AssertionError naming {@code what} after timeout.
   */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, what, condition, () -> "");
  }

  /** {@link #until(Duration, String, BooleanSupplier)}, adding {@code diagnosis} on timeout. */
  public static void until(
      Duration timeout, String what, BooleanSupplier condition, Supplier<String> diagnosis) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String detail = diagnosis.get();
        throw new AssertionError(
            "not within " + timeout + ": " + what + (detail.isEmpty() ? "" : " (" + detail + ")"));
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

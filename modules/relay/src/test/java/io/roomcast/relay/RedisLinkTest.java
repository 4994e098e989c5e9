package io.roomcast.relay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.RedisProcess;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedisLinkTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void the_link_keeps_reconnecting_when_the_jittered_delay_draws_zero() {
    Vertx vertx = Vertx.vertx();
    RedisProcess redis = RedisProcess.start();
    AtomicInteger ups = new AtomicInteger();
    RelayMetrics metrics = new RelayMetrics();
    // full jitter at its lower edge: every retry is due at once
    Backoff zero = new Backoff(50, 1000, bound -> 0);
    RedisLink link =
        new RedisLink(
            vertx, redis.url(), zero, false, push -> {}, s -> ups.incrementAndGet(), metrics);
    try {
      vertx.runOnContext(v -> link.open());
      Await.until(WAIT, "connected", () -> ups.get() == 1);
      redis.kill();
      Await.until(
          WAIT, "several attempts while Redis is away", () -> metrics.reconnects.get() >= 3);
      redis.restart();
      Await.until(WAIT, "connected again", () -> ups.get() == 2);
      assertTrue(metrics.reconnects.get() >= 3);
    } finally {
      vertx.runOnContext(v -> link.close());
      redis.close();
      Await.result(vertx.close());
    }
  }
}

package io.roomcast.server;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Two warnings every node used to print at start-up, about things roomcast does not do. Each is
 * silenced at its one logger, and only for that message, so that an operator's own logging
 * configuration (a level set on those loggers) still wins.
 */
final class StartupWarnings {
  /**
   * Hazelcast warns that CP data structures would run in "UNSAFE mode" whenever no CP members are
   * configured. roomcast keeps no state in CP structures (vertx-hazelcast's locks, counters and
   * maps are not CP either), so the warning is about nothing it uses.
   */
  private static final Logger CP = Logger.getLogger("com.hazelcast.cp.CPSubsystem");

  /**
   * vertx-micrometer registers the {@code vertx.eventbus.handlers} gauge once per bus consumer on
   * purpose (every registration shares one counter per tag set); Micrometer warns on the second
   * registration of a gauge id. The counts are right; the warning is not about a fault.
   */
  private static final Logger METERS =
      Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  private static final String GAUGE_TWICE = "This Gauge has been already registered";
  private static final String HANDLERS = "vertx.eventbus.handlers";

  private StartupWarnings() {}

  /** Installs both filters; idempotent, cheap, before the first Vert.x or Hazelcast instance. */
  static synchronized void quiet() {
    if (CP.getLevel() == null) {
      CP.setLevel(Level.SEVERE);
    }
    if (METERS.getFilter() == null) {
      METERS.setFilter(
          r ->
              r.getMessage() == null
                  || !(r.getMessage().startsWith(GAUGE_TWICE)
                      && r.getMessage().contains(HANDLERS)));
    }
  }
}

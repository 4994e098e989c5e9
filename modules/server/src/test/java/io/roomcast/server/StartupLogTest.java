package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.TestConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a new user sees when a node starts: no warnings about nothing, and how to try it. */
class StartupLogTest {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (isLoggable(r)) {
            records.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger root = Logger.getLogger("");

  @BeforeEach
  void listen() {
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    root.removeHandler(capture);
  }

  @Test
  void a_node_with_generated_dev_secrets_starts_without_warnings_and_logs_the_demo_page_url() {
    try (TestNode node = TestNode.start(TestConfig.clusterName(), c -> c.remove("auth"))) {
      StartupLog.print(node.node);
      String log = text();
      assertFalse(log.contains("CP Subsystem is not enabled"), log);
      assertFalse(log.contains("This Gauge has been already registered"), log);
      String demo = "demo page    http://localhost:" + node.node.edgePort() + "/?token=";
      assertTrue(log.contains(demo + node.node.secrets().demoToken()), log);
    }
  }

  @Test
  void a_node_with_configured_secrets_logs_neither_them_nor_a_demo_token() {
    try (TestNode node = TestNode.start(TestConfig.clusterName())) {
      StartupLog.print(node.node);
      String log = text();
      assertTrue(log.contains("roomcast ready"), log);
      assertFalse(log.contains(TestConfig.JWT_SECRET), log);
      assertFalse(log.contains(TestConfig.API_KEY), log);
      assertFalse(log.contains("demo page"), log);
      assertFalse(log.contains("demo token"), log);
      assertFalse(log.contains("token="), log);
    }
  }

  private String text() {
    return records.stream()
        .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage())
        .collect(Collectors.joining("\n"));
  }
}

package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.testing.TestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A page with three rooms on one {@code EventSource} ({@code GET /events?rooms=…}) in a real
 * headless Chromium, served from another origin than the edge, resuming with the browser's own
 * {@code lastEventId}. The scenario is {@code src/test/browser/multi-room-sse.mjs}, run through
 * {@link BrowserScripts}.
 */
class MultiRoomBrowserTest {
  private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(90);

  @Test
  void one_event_source_carries_three_rooms_and_resumes_them_with_its_cursor() throws Exception {
    BrowserScripts.prepare();
    List<String> rooms = List.of("page-a", "page-b", "page-c");
    try (TestNode node = TestNode.start(TestConfig.clusterName())) {
      BrowserScripts.Run scenario =
          BrowserScripts.run(
              SCENARIO_TIMEOUT,
              Map.of(),
              "node",
              "multi-room-sse.mjs",
              "--edge=http://127.0.0.1:" + node.node.edgePort(),
              "--api=http://127.0.0.1:" + node.node.apiPort(),
              "--key=" + TestConfig.API_KEY,
              "--rooms=" + String.join(",", rooms),
              "--token=" + node.token("alice", rooms, List.of()),
              "--chromium=" + BrowserScripts.CHROMIUM);
      assertEquals(0, scenario.exit(), "the browser scenario failed:\n" + scenario.output());
    }
  }
}

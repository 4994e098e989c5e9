package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.testing.TestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An application's own HTMX page, served from another origin than the edge, swaps in the HTML
 * fragments of a {@code ?format=html} stream in a real headless Chromium. The scenario is {@code
 * src/test/browser/htmx-sse.mjs} (htmx 2 and htmx-ext-sse pinned by the lock file; {@link
 * BrowserScripts} installs them and fails the test when Chromium or Node is missing).
 */
class HtmxBrowserTest {
  private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(90);

  @Test
  void an_htmx_page_on_another_origin_swaps_in_a_multi_line_fragment_unchanged() throws Exception {
    BrowserScripts.prepare();
    String room = "htmx-room";
    try (TestNode node = TestNode.start(TestConfig.clusterName())) {
      BrowserScripts.Run scenario =
          BrowserScripts.run(
              SCENARIO_TIMEOUT,
              Map.of(),
              "node",
              "htmx-sse.mjs",
              "--edge=http://127.0.0.1:" + node.node.edgePort(),
              "--api=http://127.0.0.1:" + node.node.apiPort(),
              "--key=" + TestConfig.API_KEY,
              "--room=" + room,
              "--token=" + node.token("alice", List.of(room), List.of()),
              "--chromium=" + BrowserScripts.CHROMIUM);
      assertEquals(0, scenario.exit(), "the htmx scenario failed:\n" + scenario.output());
    }
  }
}

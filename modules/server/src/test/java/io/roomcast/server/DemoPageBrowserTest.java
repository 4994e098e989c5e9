package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo page in a real headless Chromium (the browser is the user): two users in two browser
 * contexts chat through a real node, both on the browser client the page is built on, after two
 * messages published before they came (the history shown on entry). The scenario is {@code
 * src/test/browser/demo-chat.mjs}, run through {@link BrowserScripts}.
 */
class DemoPageBrowserTest {
  private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(75);

  @Test
  void two_users_chat_and_see_typing_presence_and_read_receipts_in_a_real_browser()
      throws Exception {
    BrowserScripts.prepare();
    Path screenshot = BrowserScripts.TARGET.resolve("demo-chat.png");
    Files.deleteIfExists(screenshot);
    String room = "lobby";

    try (TestNode node = TestNode.start(TestConfig.clusterName())) {
      for (int i = 1; i <= 2; i++) {
        node.publish(room, new JsonObject().put("text", "before you came " + i));
      }
      BrowserScripts.Run scenario =
          BrowserScripts.run(
              SCENARIO_TIMEOUT,
              Map.of(),
              "node",
              "demo-chat.mjs",
              "--url=http://127.0.0.1:" + node.node.edgePort(),
              "--room=" + room,
              "--alice=" + node.token("alice", List.of(room), List.of(room)),
              "--bob=" + node.token("bob", List.of(room), List.of(room)),
              "--chromium=" + BrowserScripts.CHROMIUM,
              "--out=" + BrowserScripts.TARGET);

      assertEquals(0, scenario.exit(), "the browser scenario failed:\n" + scenario.output());
      assertTrue(
          Files.isRegularFile(screenshot) && Files.size(screenshot) > 0,
          "no screenshot at " + screenshot);
    }
  }
}

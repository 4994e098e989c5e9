package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.testing.TestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SockJS event-bus bridge in a real headless Chromium, through the clients an application's
 * page would load from npm ({@code sockjs-client} and {@code @vertx/eventbus-bridge-client.js}), on
 * a page of another origin: over SockJS's WebSocket transport and over its {@code xhr-streaming}
 * fallback, the page registers on its room and inbox, receives REST publishes and user pushes with
 * the envelope as the body, publishes with its token's identity, and is refused with a code outside
 * its token. The scenario is {@code src/test/browser/sockjs-bridge.mjs}, run through {@link
 * BrowserScripts}.
 */
class SockJsBridgeBrowserTest {
  private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(90);

  @Test
  void the_npm_bridge_clients_register_receive_publish_and_are_refused_over_websocket_and_xhr()
      throws Exception {
    BrowserScripts.prepare();
    String room = "bridge-browser";
    String user = "sofia";

    try (TestNode node = TestNode.start(TestConfig.clusterName())) {
      BrowserScripts.Run scenario =
          BrowserScripts.run(
              SCENARIO_TIMEOUT,
              Map.of(),
              "node",
              "sockjs-bridge.mjs",
              "--edge=http://127.0.0.1:" + node.node.edgePort(),
              "--api=http://127.0.0.1:" + node.node.apiPort(),
              "--api-key=" + TestConfig.API_KEY,
              "--room=" + room,
              "--user=" + user,
              "--token=" + node.token(user, List.of(room), List.of(room)),
              "--chromium=" + BrowserScripts.CHROMIUM,
              "--transports=websocket,xhr-streaming");

      assertEquals(0, scenario.exit(), "the browser scenario failed:\n" + scenario.output());
    }
  }
}

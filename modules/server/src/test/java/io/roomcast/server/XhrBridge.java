package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * A bridge client on SockJS's xhr polling transport, served by vertx-web's bridge: one long poll
 * kept open at a time, each on a connection of its own (the transport closes it after each answer
 * without saying so).
 */
final class XhrBridge {
  private final TestNode node;
  private final String session;
  private final String token;
  private final Deque<JsonObject> received = new ArrayDeque<>();
  private Future<HttpResponse<Buffer>> poll;

  private XhrBridge(TestNode node, String session, String token) {
    this.node = node;
    this.session = session;
    this.token = "?token=" + token;
  }

  /** Opens the session ({@code o}) and starts the first poll. */
  static XhrBridge open(TestNode node, String sessionId, String token) {
    XhrBridge xhr = new XhrBridge(node, "/eventbus/817/" + sessionId + "/", token);
    assertEquals("o", Await.result(xhr.post("xhr", "")).bodyAsString().trim());
    xhr.poll = xhr.post("xhr", "");
    return xhr;
  }

  void send(JsonObject message) {
    String frame = new JsonArray().add(message.encode()).encode();
    assertEquals(204, Await.result(post("xhr_send", frame)).statusCode());
  }

  /**
   * The next bridge message that {@code wanted} accepts; others (heartbeats, probes) are skipped.
   */
  JsonObject next(Predicate<JsonObject> wanted, Duration wait) {
    JsonObject[] found = {null};
    Await.until(
        wait,
        "a matching message through the xhr transport",
        () -> {
          while (!received.isEmpty()) {
            JsonObject m = received.poll();
            if (wanted.test(m)) {
              found[0] = m;
              return true;
            }
          }
          if (poll.isComplete()) {
            String frame = Await.result(poll).bodyAsString();
            poll = post("xhr", "");
            if (frame.startsWith("a[")) {
              for (Object m : new JsonArray(frame.substring(1).trim())) {
                received.add(new JsonObject((String) m));
              }
            }
          }
          return false;
        });
    return found[0];
  }

  private Future<HttpResponse<Buffer>> post(String transport, String body) {
    WebClient once = WebClient.create(node.vertx(), new WebClientOptions().setKeepAlive(false));
    return once.post(node.node.edgePort(), "127.0.0.1", session + transport + token)
        .sendBuffer(Buffer.buffer(body))
        .onComplete(r -> once.close());
  }
}

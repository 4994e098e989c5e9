package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SSE streams answer cross-origin EventSources for the origins {@code edge.allowedOrigins} allows.
 */
class SseCorsTest {
  private static final String GOOD = "http://good.example:3000";
  private static TestNode open;
  private static TestNode listed;

  @BeforeAll
  static void start() {
    String cluster = TestConfig.clusterName();
    open = TestNode.start(cluster);
    listed =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.getJsonObject("edge").put("allowedOrigins", new JsonArray(List.of(GOOD))));
  }

  @AfterAll
  static void stop() {
    open.close();
    listed.close();
  }

  /** The response head of an SSE GET from {@code origin}; the stream is closed right after. */
  private static HttpClientResponse head(TestNode node, String path, String origin) {
    HttpClient client = node.vertx().createHttpClient();
    try {
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setHost("127.0.0.1")
              .setPort(node.node.edgePort())
              .setURI(path)
              .putHeader("Origin", origin);
      HttpClientResponse r = Await.result(client.request(options).compose(req -> req.send()));
      r.pause();
      return r;
    } finally {
      client.close();
    }
  }

  private static String token(TestNode node) {
    return node.token("alice", List.of("cors-room"), List.of());
  }

  @Test
  void an_allowed_origin_is_echoed_with_credentials_on_room_and_inbox_streams() {
    for (String path :
        List.of("/rooms/cors-room/events?format=html&token=", "/users/me/events?token=")) {
      HttpClientResponse r = head(listed, path + token(listed), GOOD);
      assertEquals(200, r.statusCode(), path);
      assertEquals(GOOD, r.getHeader("Access-Control-Allow-Origin"));
      assertEquals("true", r.getHeader("Access-Control-Allow-Credentials"));
      assertEquals("Origin", r.getHeader("Vary"));
    }
  }

  @Test
  void a_disallowed_origin_is_refused_with_403_origin_not_allowed() {
    HttpClient client = listed.vertx().createHttpClient();
    try {
      RequestOptions options =
          new RequestOptions()
              .setHost("127.0.0.1")
              .setPort(listed.node.edgePort())
              .setURI("/rooms/cors-room/events?token=" + token(listed))
              .putHeader("Origin", "http://evil.example");
      JsonObject answer =
          Await.result(
              client
                  .request(options)
                  .compose(HttpClientRequest::send)
                  .compose(
                      r ->
                          r.body()
                              .map(
                                  b ->
                                      new JsonObject()
                                          .put("status", r.statusCode())
                                          .put("allow", r.getHeader("Access-Control-Allow-Origin"))
                                          .put("body", b.toJsonObject()))));
      assertEquals(403, answer.getInteger("status"));
      assertNull(answer.getString("allow"));
      assertEquals(
          "origin_not_allowed",
          answer.getJsonObject("body").getJsonObject("error").getString("code"));
    } finally {
      client.close();
    }
  }

  @Test
  void any_origin_is_allowed_when_the_list_is_unset() {
    HttpClientResponse r =
        head(open, "/rooms/cors-room/events?token=" + token(open), "http://anything.example");
    assertEquals(200, r.statusCode());
    assertEquals("http://anything.example", r.getHeader("Access-Control-Allow-Origin"));
  }
}

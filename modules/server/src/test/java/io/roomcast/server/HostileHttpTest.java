package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Jwts;
import io.roomcast.testing.TestConfig;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile HTTP on both ports, over raw sockets: odd but signed tokens, odd request targets and
 * headers, slow and silent connections, bodies that are not what they claim, ambiguous framing and
 * HTTP/2 without negotiation. Every refusal is a 4xx in the JSON error shape; nothing answers 5xx.
 */
class HostileHttpTest {
  private static final int HEADER_TIMEOUT = 2;
  private static final int IDLE_TIMEOUT = 2;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final List<LogRecord> SEVERE = new CopyOnWriteArrayList<>();
  private static final Handler LOG =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          // the test's own HTTP/2 client, finding HTTP/1.1 where it insisted on HTTP/2, is no
          // server failure
          boolean h2Client = String.valueOf(r.getMessage()).contains("was not SETTINGS");
          if (r.getLevel().intValue() >= Level.SEVERE.intValue() && !h2Client) {
            SEVERE.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private static TestNode node;
  private static int api;
  private static int edge;

  @BeforeAll
  static void start() {
    Logger.getLogger("").addHandler(LOG);
    node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> {
              c.getJsonObject("api")
                  .put("headerTimeoutSeconds", HEADER_TIMEOUT)
                  .put("idleTimeoutSeconds", IDLE_TIMEOUT);
              c.getJsonObject("edge")
                  .put("headerTimeoutSeconds", HEADER_TIMEOUT)
                  .put("idleTimeoutSeconds", IDLE_TIMEOUT);
            });
    api = node.node.apiPort();
    edge = node.node.edgePort();
  }

  @AfterAll
  static void stop() {
    node.close();
    Logger.getLogger("").removeHandler(LOG);
  }

  private static String signed(JsonObject claims) {
    return Jwts.hs256(claims, TestConfig.JWT_SECRET);
  }

  private static JsonObject claims() {
    return Jwts.claims("mallory", List.of("*"), List.of("*"));
  }

  private static String get(String target, String... headers) {
    return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + String.join("", headers) + "\r\n";
  }

  private static String post(String target, String contentType, String body, String... headers) {
    return "POST "
        + target
        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + TestConfig.API_KEY
        + "\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + String.join("", headers)
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static byte[] post(String target, byte[] body) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(
        ("POST "
                + target
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TestConfig.API_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    b.writeBytes(body);
    return b.toByteArray();
  }

  private static void assertCoded(RawHttp.Response r, int status, String code, String what) {
    assertEquals(status, r.status(), what + ": " + r.body());
    assertTrue(
        r.header("content-type") != null && r.header("content-type").startsWith("application/json"),
        what + ": JSON error shape, got " + r.headers());
    assertEquals(code, r.code(), what);
    assertNotNull(r.error().getString("message"), what);
  }

  private static void assertClientError(RawHttp.Response r, String what) {
    assertTrue(r.status() >= 400 && r.status() < 500, what + ": 4xx, got " + r.status());
    assertNotNull(r.code(), what + ": coded, got " + r.body());
    assertNotNull(r.error().getString("message"), what);
  }

  // ---- odd but validly signed claims

  private static Map<String, String> oddClaims() {
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("exp as a string", signed(claims().put("exp", "" + (Jwts.now() + 600))));
    tokens.put("exp 1e20", signed(claims().put("exp", 1e20)));
    tokens.put("exp fractional", signed(claims().put("exp", Jwts.now() + 600.5)));
    tokens.put("exp negative", signed(claims().put("exp", -5)));
    tokens.put("iat as a string", signed(claims().put("iat", "yesterday")));
    tokens.put("iat as an object", signed(claims().put("iat", new JsonObject())));
    tokens.put("nbf as a string", signed(claims().put("nbf", "now")));
    tokens.put("sub as a number", signed(claims().put("sub", 42)));
    tokens.put("sub as an array", signed(claims().put("sub", new JsonArray().add("a"))));
    tokens.put("rooms as a string", signed(claims().put("rooms", "*")));
    tokens.put("rooms of numbers", signed(claims().put("rooms", new JsonArray().add(1))));
    tokens.put("pub as an object", signed(claims().put("pub", new JsonObject())));
    return tokens;
  }

  @Test
  void odd_but_signed_claims_are_refused_with_401_invalid_token_on_rest_sse_and_ws() {
    oddClaims()
        .forEach(
            (what, token) -> {
              String bearer = "Authorization: Bearer " + token + "\r\n";
              assertCoded(
                  RawHttp.exchange(
                      api,
                      "POST /api/rooms/lobby/events HTTP/1.1\r\nHost: x\r\n"
                          + bearer
                          + "Content-Length: 18\r\n\r\n{\"type\":\"message\"}"),
                  401,
                  "invalid_token",
                  "REST, " + what);
              assertCoded(
                  RawHttp.exchange(edge, get("/rooms/lobby/events", bearer)),
                  401,
                  "invalid_token",
                  "SSE, " + what);
              assertCoded(
                  RawHttp.exchange(
                      edge,
                      get(
                          "/ws",
                          bearer,
                          "Upgrade: websocket\r\n",
                          "Connection: Upgrade\r\n",
                          "Sec-WebSocket-Version: 13\r\n",
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")),
                  401,
                  "invalid_token",
                  "WebSocket, " + what);
            });
    assertTrue(SEVERE.isEmpty(), () -> "nothing logged as SEVERE: " + SEVERE);
  }

  @Test
  void a_token_not_valid_yet_is_refused_as_token_not_yet_valid() {
    String token = signed(claims().put("nbf", Jwts.now() + 3600));
    String bearer = "Authorization: Bearer " + token + "\r\n";
    assertCoded(
        RawHttp.exchange(
            api,
            "POST /api/rooms/lobby/events HTTP/1.1\r\nHost: x\r\n"
                + bearer
                + "Content-Length: 18\r\n\r\n{\"type\":\"message\"}"),
        401,
        "token_not_yet_valid",
        "REST");
    assertCoded(
        RawHttp.exchange(edge, get("/rooms/lobby/events", bearer)),
        401,
        "token_not_yet_valid",
        "SSE");
  }

  // ---- errors a client can cause

  private static List<String> oddRequests(String prefix) {
    List<String> requests = new ArrayList<>();
    for (String target :
        List.of(
            "/..%2f",
            "/%2e%2e%2f",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%00",
            "/%zz",
            "/%c0%af",
            prefix + "/rooms/%00/events",
            prefix + "/rooms/%2e%2e/events",
            "/" + "a".repeat(10_000),
            "http://evil.example" + prefix + "/rooms/lobby/events",
            "*")) {
      requests.add(get(target));
    }
    requests.add("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
    requests.add("BREW / HTTP/1.1\r\nHost: x\r\n\r\n");
    requests.add("DELETE " + prefix + "/rooms/lobby/events HTTP/1.1\r\nHost: x\r\n\r\n");
    requests.add(get("/", "X-Big: " + "b".repeat(20_000) + "\r\n"));
    requests.add(get("/", "Bad Header Name: x\r\n"));
    requests.add("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n");
    requests.add("GET / HTTP/9.9\r\nHost: x\r\n\r\n");
    requests.add("GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n");
    requests.add(get(prefix + "/rooms/lobby/events?token=%zz"));
    return requests;
  }

  @Test
  void odd_targets_methods_and_headers_get_a_coded_4xx_on_both_ports() {
    for (String request : oddRequests("")) {
      String what = "edge: " + request.substring(0, Math.min(60, request.length()));
      assertClientError(RawHttp.exchange(edge, request), what);
    }
    for (String request : oddRequests("/api")) {
      String what = "api: " + request.substring(0, Math.min(60, request.length()));
      assertClientError(RawHttp.exchange(api, request), what);
    }
    assertTrue(SEVERE.isEmpty(), () -> "nothing logged as SEVERE: " + SEVERE);
  }

  @Test
  void an_unknown_expectation_is_refused_with_417_on_both_ports() {
    assertCoded(
        RawHttp.exchange(
            api,
            post(
                "/api/rooms/lobby/events",
                null,
                "{\"type\":\"message\"}",
                "Expect: 100-banana\r\n")),
        417,
        "expectation_failed",
        "api");
    assertCoded(
        RawHttp.exchange(edge, get("/", "Expect: 100-banana\r\n")),
        417,
        "expectation_failed",
        "edge");
  }

  @Test
  void bad_percent_encoding_in_a_room_id_is_invalid_room_on_both_ports() {
    assertCoded(
        RawHttp.exchange(api, post("/api/rooms/%zz/events", null, "{\"type\":\"message\"}")),
        400,
        "invalid_room",
        "api");
    String token = node.token("alice", List.of("*"), List.of());
    assertCoded(
        RawHttp.exchange(edge, get("/rooms/%zz/events?token=" + token)),
        400,
        "invalid_room",
        "edge");
  }

  // ---- time limits

  /** Sends {@code request} a byte every 200 ms, as a slowloris client does, until refused. */
  private static Thread trickle(RawHttp raw, String request) {
    Thread t =
        new Thread(
            () -> {
              for (int i = 0; i < request.length(); i++) {
                if (!raw.trySend(request.substring(i, i + 1))) {
                  return;
                }
                try {
                  Thread.sleep(200); // the hostile client's pace, not a wait for the server
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "trickler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void a_client_that_trickles_its_headers_is_answered_408_and_closed_on_both_ports()
      throws Exception {
    for (int port : List.of(api, edge)) {
      try (RawHttp raw = RawHttp.open(port)) {
        long start = System.nanoTime();
        Thread client = trickle(raw, get("/health", "X-Padding: " + "p".repeat(200) + "\r\n"));
        RawHttp.Response timeout = raw.response();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertCoded(timeout, 408, "request_timeout", "port " + port);
        assertTrue(raw.closedWithin(WAIT), "port " + port + ": closed");
        assertTrue(
            tookMs >= HEADER_TIMEOUT * 1000L - 100 && tookMs < HEADER_TIMEOUT * 1000L + 3000,
            "port " + port + ": closed after the header timeout, took " + tookMs + " ms");
        client.interrupt();
      }
    }
  }

  @Test
  void a_silent_connection_is_closed_after_the_header_timeout_on_both_ports() {
    for (int port : List.of(api, edge)) {
      try (RawHttp raw = RawHttp.open(port)) {
        assertTrue(raw.closedWithin(Duration.ofSeconds(HEADER_TIMEOUT + 3)), "port " + port);
      }
    }
  }

  @Test
  void a_keep_alive_connection_idle_too_long_is_closed_but_an_sse_stream_lives_on() {
    String token = node.token("sam", List.of("idle-room"), List.of());
    try (RawHttp sse = RawHttp.open(edge).send(get("/rooms/idle-room/events?token=" + token));
        RawHttp apiIdle = RawHttp.open(api).send(get("/health"));
        RawHttp edgeIdle = RawHttp.open(edge).send(get("/"))) {
      assertEquals(200, sse.head().status());
      assertEquals(200, apiIdle.response().status());
      assertEquals(200, edgeIdle.response().status());
      long idleSince = System.nanoTime();
      // both keep-alive connections are closed once idle beyond the idle timeout...
      assertTrue(apiIdle.closedWithin(Duration.ofSeconds(IDLE_TIMEOUT + 3)), "api, idle");
      assertTrue(edgeIdle.closedWithin(Duration.ofSeconds(IDLE_TIMEOUT + 3)), "edge, idle");
      assertTrue(
          System.nanoTime() - idleSince
              >= Duration.ofSeconds(IDLE_TIMEOUT).toNanos() - 100_000_000L,
          "not before the idle timeout");
      // ...while the stream, open longer than both timeouts, still delivers
      node.publish("idle-room", new JsonObject().put("text", "still here"));
      String line = "";
      while (!line.contains("still here")) {
        line = sse.readLine();
      }
    }
  }

  @Test
  void a_keep_alive_connection_serves_a_second_request_sent_within_the_idle_timeout() {
    try (RawHttp raw = RawHttp.open(api)) {
      raw.send(get("/health"));
      assertEquals(200, raw.response().status());
      raw.send(get("/health"));
      assertEquals(200, raw.response().status());
    }
  }

  // ---- bodies: strict UTF-8, numbers in range, any content type

  @Test
  void a_body_that_is_not_well_formed_utf8_is_refused_as_invalid_json() {
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("overlong '/'", new byte[] {(byte) 0xC0, (byte) 0xAF});
    bad.put("lone surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    bad.put("truncated sequence", new byte[] {(byte) 0xE2, (byte) 0x82});
    bad.put("invalid byte", new byte[] {(byte) 0xFF});
    bad.forEach(
        (what, bytes) -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          body.writeBytes(
              "{\"type\":\"message\",\"data\":{\"text\":\"".getBytes(StandardCharsets.US_ASCII));
          body.writeBytes(bytes);
          body.writeBytes("\"}}".getBytes(StandardCharsets.US_ASCII));
          try (RawHttp raw = RawHttp.open(api)) {
            raw.send(post("/api/rooms/utf8/events", body.toByteArray()));
            assertCoded(raw.response(), 400, "invalid_json", what);
          }
        });
  }

  @Test
  void a_number_out_of_double_range_is_refused() {
    for (String number : List.of("1e999999", "-1e400", "1e309")) {
      assertCoded(
          RawHttp.exchange(
              api,
              post(
                  "/api/rooms/numbers/events",
                  "application/json",
                  "{\"type\":\"message\",\"data\":{\"n\":[" + number + "]}}")),
          400,
          "invalid_json",
          number);
    }
  }

  private static String bodyOf(int dataBytes) {
    return new JsonObject()
        .put("type", "message")
        .put("data", new JsonObject().put("text", "x".repeat(dataBytes)))
        .encode();
  }

  @Test
  void bodies_are_read_as_json_whatever_their_content_type() {
    List<String> types =
        new ArrayList<>(
            List.of(
                "application/json",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
                "text/plain",
                "application/octet-stream"));
    types.add(null);
    for (String type : types) {
      RawHttp.Response ok =
          RawHttp.exchange(api, post("/api/rooms/types/events", type, bodyOf(9 * 1024)));
      assertEquals(202, ok.status(), type + ", 9 KB: " + ok.body());
      assertCoded(
          RawHttp.exchange(api, post("/api/rooms/types/events", type, bodyOf(33 * 1024))),
          413,
          "payload_too_large",
          type + ", 33 KB of data");
      assertCoded(
          RawHttp.exchange(api, post("/api/rooms/types/events", type, bodyOf(70 * 1024))),
          413,
          "payload_too_large",
          type + ", 70 KB body");
    }
  }

  // ---- request smuggling

  private static String smuggling(String target, String framing, String body) {
    return "POST "
        + target
        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + TestConfig.API_KEY
        + "\r\n"
        + framing
        + "\r\n"
        + body;
  }

  @Test
  void ambiguous_body_framing_is_refused_with_400_and_the_connection_closed_on_both_ports() {
    String smuggled = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    String chunked = "12\r\n{\"type\":\"message\"}\r\n0\r\n\r\n";
    Map<String, String> framings = new LinkedHashMap<>();
    framings.put(
        "Content-Length and Transfer-Encoding",
        "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n");
    framings.put(
        "Transfer-Encoding and Content-Length",
        "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n");
    framings.put("two Content-Lengths", "Content-Length: 41\r\nContent-Length: 4\r\n");
    framings.put("Transfer-Encoding gzip, chunked", "Transfer-Encoding: gzip, chunked\r\n");
    framings.put("Transfer-Encoding xchunked", "Transfer-Encoding: xchunked\r\n");
    framings.put(
        "two Transfer-Encodings", "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n");
    for (int port : List.of(api, edge)) {
      String target = port == api ? "/api/rooms/smuggle/events" : "/rooms/smuggle/events";
      framings.forEach(
          (what, framing) -> {
            try (RawHttp raw = RawHttp.open(port)) {
              raw.send(smuggling(target, framing, chunked + smuggled));
              RawHttp.Response r = raw.response();
              assertCoded(r, 400, "invalid_request", "port " + port + ", " + what);
              String rest = raw.rest();
              assertFalse(rest.contains("HTTP/1.1"), what + ": the smuggled request got " + rest);
            }
          });
    }
  }

  // ---- HTTP/2 without negotiation

  @Test
  void sse_over_h2c_prior_knowledge_is_refused_cleanly_and_leaves_no_presence() {
    String token = node.token("h2user", List.of("h2room"), List.of());
    HttpClient h2 =
        node.vertx()
            .createHttpClient(
                new HttpClientOptions()
                    .setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false));
    try {
      Integer status =
          h2.request(HttpMethod.GET, edge, "127.0.0.1", "/rooms/h2room/events?token=" + token)
              .compose(req -> req.send())
              .map(resp -> resp.statusCode())
              .otherwise(err -> -1)
              .await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(status < 500, "no 5xx, got " + status);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the h2c attempt hung", e);
    } finally {
      h2.close();
    }
    // HTTP/1.1 answers what the server saw of the preface
    RawHttp.Response preface = RawHttp.exchange(edge, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assertClientError(preface, "an HTTP/2 preface");
    JsonObject presence = node.get("/api/rooms/h2room/presence").bodyAsJsonObject();
    assertEquals(0, presence.getJsonArray("users").size(), "nobody present: " + presence);
    assertTrue(SEVERE.isEmpty(), () -> "nothing logged as SEVERE: " + SEVERE);
  }
}

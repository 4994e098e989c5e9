package io.roomcast.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.testing.Await;
import io.roomcast.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections that subscribe and vanish at once, on every door: none may stay present. Each must be
 * gone from the room and from the presence store within the offline grace (1 s here) plus the
 * sweep, far below the 45 s TTL that would otherwise be what removes it.
 */
class GhostPresenceTest {
  private static final int CYCLES = 30;

  /** Grace (1 s) + sweeps + the bridge's HTTP session timeout (5 s), well under the 45 s TTL. */
  private static final Duration GONE = Duration.ofSeconds(15);

  private static final AtomicInteger ROOMS = new AtomicInteger();
  private static TestNode node;
  private static NetClient net;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            TestConfig.clusterName(),
            c -> c.put("presence", new JsonObject().put("offlineGraceSeconds", 1)));
    net = node.vertx().createNetClient();
  }

  @AfterAll
  static void stop() {
    net.close();
    node.close();
  }

  @Test
  void sse_room_streams_dropped_right_after_the_request_leave_no_one_present() {
    String room = room();
    cycles(
        i ->
            drop(
                "/rooms/" + room + "/events?token=" + token("sse" + i, room),
                Buffer.buffer(),
                i % 2 == 0));
    assertNobodyLeft(room);
  }

  @Test
  void sse_inbox_streams_dropped_right_after_the_request_leave_no_connection_behind() {
    String room = room();
    cycles(
        i ->
            drop(
                "/users/me/events?token=" + token("inbox" + i, room), Buffer.buffer(), i % 2 == 0));
    assertNobodyLeft(room);
  }

  @Test
  void websockets_terminated_right_after_subscribe_leave_no_one_present() {
    String room = room();
    JsonObject subscribe =
        new JsonObject().put("op", "subscribe").put("rooms", new JsonArray().add(room));
    cycles(
        i ->
            drop(
                "/ws?token=" + token("ws" + i, room),
                RawWebSocket.clientFrame(true, RawWebSocket.TEXT, subscribe.toBuffer()),
                i % 2 == 0,
                RawWebSocket.standard()));
    assertNobodyLeft(room);
  }

  @Test
  void bridge_websockets_terminated_right_after_register_leave_no_one_present() {
    String room = room();
    Buffer register = register(room).toBuffer();
    cycles(
        i ->
            drop(
                "/eventbus/websocket?token=" + token("eb" + i, room),
                RawWebSocket.clientFrame(true, RawWebSocket.TEXT, register),
                i % 2 == 0,
                RawWebSocket.standard()));
    assertNobodyLeft(room);
  }

  @Test
  void sockjs_websockets_terminated_right_after_register_leave_no_one_present() {
    String room = room();
    Buffer frame = Buffer.buffer(new JsonArray().add(register(room).encode()).encode());
    cycles(
        i ->
            drop(
                "/eventbus/7/ghost" + i + "/websocket?token=" + token("sj" + i, room),
                RawWebSocket.clientFrame(true, RawWebSocket.TEXT, frame),
                i % 2 == 0,
                RawWebSocket.standard()));
    assertNobodyLeft(room);
  }

  @Test
  void sockjs_http_sessions_abandoned_right_after_register_leave_no_one_present() {
    String room = room();
    String frame = new JsonArray().add(register(room).encode()).encode();
    WebClient once = WebClient.create(node.vertx(), new WebClientOptions().setKeepAlive(false));
    try {
      cycles(
          i -> {
            String session = "/eventbus/9/xhrghost" + i + "/";
            String token = "?token=" + token("xhr" + i, room);
            return post(once, session + "xhr" + token, "")
                .compose(open -> post(once, session + "xhr_send" + token, frame))
                .<Void>map(
                    sent -> {
                      assertEquals(204, sent.statusCode(), sent.bodyAsString());
                      return null;
                    });
          });
      assertNobodyLeft(room);
    } finally {
      once.close();
    }
  }

  private static Future<HttpResponse<Buffer>> post(WebClient client, String path, String body) {
    return client.post(node.node.edgePort(), "127.0.0.1", path).sendBuffer(Buffer.buffer(body));
  }

  /** Runs the cycles all at once, so that closes race the subscriptions they follow. */
  private static void cycles(IntFunction<Future<Void>> cycle) {
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < CYCLES; i++) {
      all.add(cycle.apply(i));
    }
    Await.result(Future.all(all), 60);
  }

  /**
   * Sends {@code GET path} (as an upgrade when {@code upgrade} headers are given) and {@code then}
   * right behind it, and closes the socket: at once, or as soon as the first answer bytes arrive.
   */
  private static Future<Void> drop(
      String path, Buffer then, boolean afterFirstBytes, String... upgrade) {
    StringBuilder head = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\n");
    if (upgrade.length > 0) {
      head.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
      for (String h : upgrade) {
        head.append(h).append("\r\n");
      }
    }
    Buffer request = Buffer.buffer(head.append("\r\n").toString()).appendBuffer(then);
    return net.connect(node.node.edgePort(), "127.0.0.1")
        .compose(
            socket -> {
              Promise<Void> closed = Promise.promise();
              socket.closeHandler(v -> closed.tryComplete());
              if (afterFirstBytes) {
                socket.handler(b -> socket.close());
                socket.write(request);
              } else {
                socket.write(request).onComplete(w -> socket.close());
              }
              return closed.future();
            });
  }

  private static void assertNobodyLeft(String room) {
    Await.until(
        GONE,
        "nobody present in " + room + ", no presence entry and no edge connection left",
        () ->
            users(room).isEmpty()
                && metric("roomcast_presence_entries") == 0
                && metric("roomcast_connections") == 0,
        () ->
            "users "
                + users(room).encode()
                + ", entries "
                + metric("roomcast_presence_entries")
                + ", connections "
                + metric("roomcast_connections"));
  }

  private static JsonArray users(String room) {
    HttpResponse<Buffer> r = node.get("/api/rooms/" + room + "/presence");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("users");
  }

  /** The sum of a gauge over its series on the node's Prometheus page. */
  private static double metric(String name) {
    Matcher m =
        Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$")
            .matcher(node.get("/metrics").bodyAsString());
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      found = true;
      sum += Double.parseDouble(m.group(2));
    }
    assertTrue(found, name + " is exported");
    return sum;
  }

  private static JsonObject register(String room) {
    return new JsonObject().put("type", "register").put("address", "room." + room);
  }

  private static String token(String user, String room) {
    return node.token(user, List.of(room), List.of());
  }

  private static String room() {
    return "ghost-" + ROOMS.incrementAndGet();
  }
}

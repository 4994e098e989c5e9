package io.roomcast.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client for tests: JSON text frames in a queue, blocking reads with deadlines.
 */
public final class WsClient implements AutoCloseable {
  private final WebSocketClient client;
  private WebSocket socket;
  private final BlockingDeque<JsonObject> frames = new LinkedBlockingDeque<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private WsClient(WebSocketClient client) {
    this.client = client;
  }

  /** Connects to {@code /ws?token=…}; fails the test when the upgrade is refused. */
  public static WsClient connect(Vertx vertx, int port, String token) {
    return connect(vertx, port, "/ws?token=" + token, null);
  }

  public static WsClient connect(Vertx vertx, int port, String uri, String origin) {
    return connectWithHeaders(
        vertx, port, uri, origin == null ? Map.of() : Map.of("Origin", origin));
  }

  /** Connects to {@code uri} with request {@code headers} (a browser's cookies, say). */
  public static WsClient connectWithHeaders(
      Vertx vertx, int port, String uri, Map<String, String> headers) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options =
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    headers.forEach(options::addHeader);
    if (!headers.containsKey("Origin")) {
      options.setAllowOriginHeader(false); // like a non-browser client
    }
    WsClient c = new WsClient(client);
    // handlers go on before the connect: Vert.x resumes a socket connected with
    // WebSocketClient.connect before its caller's callbacks run, so a frame sent with the 101 (the
    // welcome) would meet no handler and be dropped
    ClientWebSocket ws = client.webSocket();
    ws.textMessageHandler(t -> c.frames.add(new JsonObject(t)));
    // the SockJS bridge's raw endpoint answers in binary frames
    ws.binaryMessageHandler(b -> c.frames.add(b.toJsonObject()));
    ws.closeHandler(v -> c.closed.complete(ws.closeStatusCode()));
    c.socket = Await.result(ws.connect(options));
    return c;
  }

  public WebSocket socket() {
    return socket;
  }

  public void send(JsonObject frame) {
    Await.result(socket.writeTextMessage(frame.encode()));
  }

  /** Sends without waiting for the write (a flood; writes after a server close just fail). */
  public void fire(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  public void sendText(String text) {
    Await.result(socket.writeTextMessage(text));
  }

  public JsonObject next(Duration timeout) {
    try {
      JsonObject f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (f == null) {
        throw new AssertionError("no WebSocket frame within " + timeout);
      }
      return f;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame whose {@code op} is {@code op}, skipping others (snapshots, presence...). */
  public JsonObject next(String op, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonObject f = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (op.equals(f.getString("op"))) {
        return f;
      }
    }
  }

  /**
   * Sends {@code frame} with {@code ref} and returns the ack or error answering it. Frames that
   * arrive before the answer (events, snapshots) stay queued, in order, for later reads.
   */
  public JsonObject call(JsonObject frame, Duration timeout) {
    String ref = "r" + System.nanoTime();
    send(frame.copy().put("ref", ref));
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonObject> earlier = new ArrayList<>();
    try {
      while (true) {
        JsonObject f = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (ref.equals(f.getString("ref"))) {
          return f;
        }
        earlier.add(f);
      }
    } finally {
      for (int i = earlier.size() - 1; i >= 0; i--) {
        frames.addFirst(earlier.get(i));
      }
    }
  }

  /** No frame arrives within {@code quiet} (for "must not receive" checks after a barrier). */
  public JsonObject poll(Duration quiet) {
    try {
      return frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The close code once the server closed the socket. */
  public short awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + timeout, e);
    }
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close();
    }
    Await.result(client.close());
  }
}

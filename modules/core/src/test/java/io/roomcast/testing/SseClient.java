package io.roomcast.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SSE client for tests: an HTTP request kept open, the text/event-stream parsed into {@link
 * Event}s and comments. Blocking reads with a deadline, for the test thread.
 */
public final class SseClient implements AutoCloseable {
  /** One dispatched event; comments have {@code event == null} and the text in {@code data}. */
  public record Event(String id, String event, String data, String retry) {
    public JsonObject json() {
      return new JsonObject(data);
    }

    public boolean comment() {
      return event == null && id == null && retry == null;
    }
  }

  private static final Event CLOSED = new Event(null, "__closed", "", null);

  private final HttpClient client;
  private HttpClientResponse response;
  private volatile Future<Buffer> errorBody;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final StringBuilder pending = new StringBuilder();
  private final CountDownLatch endLatch = new CountDownLatch(1);
  private volatile boolean ended;
  private String id;
  private String event;
  private String retry;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;

  private SseClient(HttpClient client) {
    this.client = client;
  }

  /** Opens {@code path} on {@code port}; returns once the response head arrived. */
  public static SseClient open(Vertx vertx, int port, String path) {
    return open(vertx, port, path, null);
  }

  public static SseClient open(Vertx vertx, int port, String path, String lastEventId) {
    return openWithHeaders(
        vertx, port, path, lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId));
  }

  /** Opens {@code path} with request {@code headers} (a browser's cookies, say). */
  public static SseClient openWithHeaders(
      Vertx vertx, int port, String path, Map<String, String> headers) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setIdleTimeout(0));
    RequestOptions req =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path)
            .putHeader("Accept", "text/event-stream");
    headers.forEach(req::putHeader);
    SseClient sse = new SseClient(client);
    // the request goes out from one event-loop context, so its connection runs on that loop and
    // the response's handlers are attached in the same turn as its head arrives: no chunk, and no
    // refusal's body, can come before them (from a test thread, the future's listeners would run
    // in a later turn, after a short body may already have ended)
    Promise<HttpClientResponse> head = Promise.promise();
    vertx
        .getOrCreateContext()
        .runOnContext(
            v ->
                client
                    .request(req)
                    .compose(r -> r.send())
                    .map(
                        response -> {
                          if (response.statusCode() == 200) {
                            response.handler(sse::onChunk);
                            response.endHandler(e -> sse.end());
                            response.exceptionHandler(e -> sse.end());
                          } else {
                            Buffer body = Buffer.buffer();
                            Promise<Buffer> whole = Promise.promise();
                            response.handler(body::appendBuffer);
                            response.endHandler(e -> whole.tryComplete(body));
                            response.exceptionHandler(whole::tryFail);
                            sse.errorBody = whole.future();
                          }
                          return response;
                        })
                    .onComplete(head));
    sse.response = Await.result(head.future());
    return sse;
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.getHeader(name);
  }

  /** The body of a refused (non-200) request, as JSON. */
  public JsonObject errorBody() {
    return Await.result(errorBody).toJsonObject();
  }

  /** The next event or comment, or an AssertionError after {@code timeout}. */
  public Event next(Duration timeout) {
    try {
      Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (e == null) {
        throw new AssertionError("no SSE frame within " + timeout);
      }
      if (e == CLOSED) {
        events.add(CLOSED);
        throw new AssertionError("SSE stream ended");
      }
      return e;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ie);
    }
  }

  /** The next frame that is not a comment. */
  public Event nextEvent(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (!e.comment()) {
        return e;
      }
    }
  }

  /** The next event named {@code event}, skipping others (e.g. presence events in a room). */
  public Event next(String event, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event e = nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (event.equals(e.event())) {
        return e;
      }
    }
  }

  /** Waits until the server ends the stream; false if it is still open after {@code timeout}. */
  public boolean awaitEnd(Duration timeout) {
    try {
      return endLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public boolean ended() {
    return ended;
  }

  private synchronized void onChunk(Buffer chunk) {
    pending.append(chunk.toString());
    int nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      String line = pending.substring(0, nl);
      pending.delete(0, nl + 1);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      onLine(line);
    }
  }

  private void onLine(String line) {
    if (line.isEmpty()) {
      if (hasData || event != null || id != null || retry != null) {
        events.add(new Event(id, event == null ? "message" : event, data.toString(), retry));
      }
      id = null;
      event = null;
      retry = null;
      data.setLength(0);
      hasData = false;
      return;
    }
    if (line.startsWith(":")) {
      events.add(new Event(null, null, line.substring(1).trim(), null));
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "id" -> id = value;
      case "event" -> event = value;
      case "retry" -> retry = value;
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      default -> {}
    }
  }

  private void end() {
    ended = true;
    events.add(CLOSED);
    endLatch.countDown();
  }

  @Override
  public void close() {
    Await.result(client.close());
  }
}
